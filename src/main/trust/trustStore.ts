// This computer's trust store (docs/TRUST.md): the root, CA and person and team
// certificates and the newest CRLs it has admitted, kept in <SIGNET_HOME>/trust/
// store.json. Everything in it passed admission.ts against the pinned root; a trust
// file or a batch of CRLs either passes whole and replaces the file atomically, or is
// refused and leaves the file byte for byte as it was. The file carries an index, so
// opening the store parses only what a check needs (docs/PERFORMANCE.md, "Trust v2").
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { certificateSha256, parseCertificate } from '../pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import type { TrustAnchor } from '../pki/validatePath.js';
import { pemOf, type X509Certificate } from '../pki/x509.js';
import { admitTrustFile, certifiedKeyArn, isCa, mergeCrls, type TrustContents } from './admission.js';
import { parseTrustFile } from './trustFile.js';

const STORE_FORMAT = 'signet-trust-store/1';

// Written with the store so that opening it parses only what a check needs: checking a
// seal's signer needs the root, the CAs and the CRLs, never every person's certificate.
// Stores written before the index are read whole, as they were.
const IndexSchema = z
  .object({
    /** How many of `certificates`, from the first, are CA certificates; the rest are people's and teams'. */
    authorities: z.number().int().nonnegative(),
    /** Each KMS key ARN and the positions in `certificates` of the certificates for it. */
    keys: z.record(z.string(), z.array(z.number().int().nonnegative())),
  })
  .strict();

const StoreSchema = z
  .object({
    format: z.literal(STORE_FORMAT),
    rootSha256: z.string().regex(/^[0-9a-f]{64}$/),
    root: z.string().optional(),
    certificates: z.array(z.string()),
    crls: z.array(z.string()),
    index: IndexSchema.optional(),
  })
  .strict();

type StoreFile = z.infer<typeof StoreSchema>;

/** The configuration's trust section: the pinned fingerprint and, optionally, the root itself. */
export interface TrustConfiguration {
  rootSha256: string;
  rootCertificate?: string;
}

/** What checkCertificate needs from the store. anchor is undefined until the root is known. */
export interface TrustMaterial {
  anchor: TrustAnchor | undefined;
  intermediates: X509Certificate[];
  /** People's and teams' certificates, parsed when first read. */
  certificates: X509Certificate[];
  crls: ParsedCrl[];
}

export interface TrustStore {
  material(): TrustMaterial;
  /** The newest certificate for a KMS key valid at `at` (default now); if none is, the newest, so checking it names why. */
  certificateForKey(keyArn: string, at?: Date): X509Certificate | undefined;
  /** Admits a trust file whole, or throws TRUST_FILE_INVALID / TRUST_FILE_STALE and stores nothing. Counts what was new. */
  importTrustFile(text: string): Promise<{ certificates: number; crls: number }>;
  /** Admits CRLs fetched online by the same rules, all or nothing. Counts the CRLs that were new. */
  addCrls(pems: string[]): Promise<{ crls: number }>;
}

export const trustStorePath = (home: string): string => join(home, 'trust', 'store.json');


function rootFromConfiguration(trust: TrustConfiguration): X509Certificate | undefined {
  if (trust.rootCertificate === undefined) return undefined;
  const root = parseCertificate(trust.rootCertificate);
  if (certificateSha256(root) !== trust.rootSha256) throw new SignetError('CONFIG_INVALID', undefined, 'trust.rootCertificate does not have the SHA-256 fingerprint trust.rootSha256');
  return root;
}

/** The store's contents, each part parsed the first time it is asked for. */
interface Holdings {
  root?: X509Certificate;
  cas: () => X509Certificate[];
  leaves: () => X509Certificate[];
  /** The certificates for one KMS key. */
  leavesFor: (keyArn: string) => X509Certificate[];
  crls: () => ParsedCrl[];
}

function heldInMemory(contents: TrustContents): Holdings {
  const holdings: Holdings = {
    cas: () => contents.cas,
    leaves: () => contents.leaves,
    leavesFor: (keyArn) => contents.leaves.filter((cert) => certifiedKeyArn(cert) === keyArn),
    crls: () => contents.crls,
  };
  if (contents.root) holdings.root = contents.root;
  return holdings;
}

const damaged = (path: string, error: unknown): SignetError =>
  new SignetError('TRUST_FILE_INVALID', undefined, `this computer's trust store ${path} is damaged (${(error as Error).message}); import the trust file again`);

/** `read()`, a failure naming the store as damaged. */
function fromStore<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw damaged(path, error);
  }
}

/** `read` done the first time it is asked for, its result kept. */
function once<T>(path: string, read: () => T): () => T {
  let kept: { value: T } | undefined;
  return () => (kept ??= { value: fromStore(path, read) }).value;
}

/** What a store file holds, parsed lazily when it has an index and whole when it has none. */
function heldOnDisk(stored: StoreFile, path: string): Holdings {
  const { index } = stored;
  const crls = once(path, () => stored.crls.map((pem) => parseCrl(pem)));
  if (!index) {
    const certificates = once(path, () => stored.certificates.map((pem) => parseCertificate(pem)));
    return heldInMemory({ cas: certificates().filter(isCa), leaves: certificates().filter((cert) => !isCa(cert)), crls: crls() });
  }
  const certificateAt = (position: number, ca: boolean): X509Certificate => {
    const pem = stored.certificates[position];
    if (pem === undefined || ca !== (position < index.authorities)) throw new Error(`the index misplaces certificate ${position + 1} of ${stored.certificates.length}`);
    const cert = parseCertificate(pem);
    if (isCa(cert) !== ca) throw new Error(`certificate ${position + 1} is ${ca ? 'not ' : ''}a CA certificate, unlike what the index says`);
    return cert;
  };
  const positions = stored.certificates.map((_pem, position) => position);
  const keys = new Map(Object.entries(index.keys));
  return {
    cas: once(path, () => positions.slice(0, index.authorities).map((position) => certificateAt(position, true))),
    leaves: once(path, () => positions.slice(index.authorities).map((position) => certificateAt(position, false))),
    leavesFor: (keyArn) => fromStore(path, () => (keys.get(keyArn) ?? []).map((position) => certificateAt(position, false)).filter((cert) => certifiedKeyArn(cert) === keyArn)),
    crls,
  };
}

/** The stored contents for this root; empty when there is no store yet or it was kept for another root. */
async function readHoldings(path: string, pinned: string): Promise<Holdings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return heldInMemory({ cas: [], leaves: [], crls: [] });
    throw error;
  }
  try {
    const stored = StoreSchema.parse(JSON.parse(text));
    if (stored.rootSha256 !== pinned) return heldInMemory({ cas: [], leaves: [], crls: [] });
    if (stored.index && stored.index.authorities > stored.certificates.length) throw new Error('the index counts more CA certificates than the store has');
    const holdings = heldOnDisk(stored, path);
    if (stored.root !== undefined) holdings.root = parseCertificate(stored.root);
    if (holdings.root && certificateSha256(holdings.root) !== pinned) throw new Error('the stored root is not the pinned one');
    return holdings;
  } catch (error) {
    if (error instanceof SignetError && error.code === 'TRUST_FILE_INVALID') throw error;
    throw damaged(path, error);
  }
}

/** Where each key's certificates are in the stored list (CAs first, then leaves). */
function indexOf(contents: TrustContents): StoreFile['index'] {
  const keys: Record<string, number[]> = {};
  contents.leaves.forEach((leaf, i) => {
    const keyArn = certifiedKeyArn(leaf);
    if (keyArn !== undefined) keys[keyArn] = [...(keys[keyArn] ?? []), contents.cas.length + i];
  });
  return { authorities: contents.cas.length, keys };
}

function serialise(contents: TrustContents, pinned: string): string {
  const stored: StoreFile = {
    format: STORE_FORMAT,
    rootSha256: pinned,
    certificates: [...contents.cas, ...contents.leaves].map((cert) => pemOf(cert.rawData, 'CERTIFICATE')),
    crls: contents.crls.map((crl) => pemOf(crl.der, 'X509 CRL')),
    index: indexOf(contents),
  };
  if (contents.root) stored.root = pemOf(contents.root.rawData, 'CERTIFICATE');
  return `${JSON.stringify(stored, null, 2)}\n`;
}

function newestFirst(a: X509Certificate, b: X509Certificate): number {
  return b.notBefore.getTime() - a.notBefore.getTime();
}

/** Opens the trust store under `home` for the configuration's pinned root. */
export async function openTrustStore(home: string, trust: TrustConfiguration): Promise<TrustStore> {
  const path = trustStorePath(home);
  const pinned = trust.rootSha256;
  const configured = rootFromConfiguration(trust);
  let holdings = await readHoldings(path, pinned);
  if (configured) holdings.root = configured;

  const contents = (): TrustContents => {
    const whole: TrustContents = { cas: holdings.cas(), leaves: holdings.leaves(), crls: holdings.crls() };
    if (holdings.root) whole.root = holdings.root;
    return whole;
  };
  const save = async (next: TrustContents): Promise<void> => {
    await mkdir(join(home, 'trust'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, serialise(next, pinned));
    holdings = heldInMemory(next);
  };

  return {
    material: () => {
      const { root, leaves } = holdings;
      return {
        anchor: root ? { rootSha256: pinned, root } : undefined,
        intermediates: [...holdings.cas()],
        // Parsed only when read: checking a seal's signer never needs them.
        get certificates() {
          return [...leaves()];
        },
        crls: [...holdings.crls()],
      };
    },
    certificateForKey: (keyArn, at = new Date()) => {
      const mine = [...holdings.leavesFor(keyArn)].sort(newestFirst);
      return mine.find((cert) => cert.notBefore <= at && at <= cert.notAfter) ?? mine[0];
    },
    importTrustFile: async (text) => {
      const before = contents();
      const next = await admitTrustFile(before, parseTrustFile(text), pinned, new Date());
      const counts = { certificates: next.cas.length + next.leaves.length - before.cas.length - before.leaves.length, crls: next.crls.filter((crl) => !before.crls.includes(crl)).length };
      await save(next);
      return counts;
    },
    addCrls: async (pems) => {
      const before = contents();
      if (!before.root) throw new SignetError('TRUST_FILE_INVALID', undefined, "this computer does not have your organisation's root certificate yet; import a trust file first");
      const crls = await mergeCrls(before.crls, pems.map((pem) => parseCrl(pem)), [before.root, ...before.cas]);
      const added = crls.filter((crl) => !before.crls.includes(crl)).length;
      if (added > 0) await save({ ...before, crls });
      return { crls: added };
    },
  };
}
