// This computer's trust store (docs/TRUST.md): the root, CA and person and team
// certificates and the newest CRLs it has admitted, kept in <SIGNET_HOME>/trust/
// store.json. Everything in it passed admission.ts against the pinned root; a trust
// file or a batch of CRLs either passes whole and replaces the file atomically, or is
// refused and leaves the file byte for byte as it was.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { certificateSha256, parseCertificate } from '../pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import type { TrustAnchor } from '../pki/validatePath.js';
import { PemConverter, type X509Certificate } from '../pki/x509.js';
import { admitTrustFile, certifiedKeyArn, isCa, mergeCrls, type TrustContents } from './admission.js';
import { parseTrustFile } from './trustFile.js';

const STORE_FORMAT = 'signet-trust-store/1';

const StoreSchema = z
  .object({
    format: z.literal(STORE_FORMAT),
    rootSha256: z.string().regex(/^[0-9a-f]{64}$/),
    root: z.string().optional(),
    certificates: z.array(z.string()),
    crls: z.array(z.string()),
  })
  .strict();

/** The configuration's trust section: the pinned fingerprint and, optionally, the root itself. */
export interface TrustConfiguration {
  rootSha256: string;
  rootCertificate?: string;
}

/** What checkCertificate needs from the store. anchor is undefined until the root is known. */
export interface TrustMaterial {
  anchor: TrustAnchor | undefined;
  intermediates: X509Certificate[];
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

const pemOf = (der: ArrayBuffer | Buffer, label: string): string => `${PemConverter.encode(new Uint8Array(der).buffer, label)}\n`;

function rootFromConfiguration(trust: TrustConfiguration): X509Certificate | undefined {
  if (trust.rootCertificate === undefined) return undefined;
  const root = parseCertificate(trust.rootCertificate);
  if (certificateSha256(root) !== trust.rootSha256) throw new SignetError('CONFIG_INVALID', undefined, 'trust.rootCertificate does not have the SHA-256 fingerprint trust.rootSha256');
  return root;
}

/** The stored contents for this root; empty when there is no store yet or it was kept for another root. */
async function readContents(path: string, pinned: string): Promise<TrustContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cas: [], leaves: [], crls: [] };
    throw error;
  }
  try {
    const stored = StoreSchema.parse(JSON.parse(text));
    if (stored.rootSha256 !== pinned) return { cas: [], leaves: [], crls: [] };
    const certificates = stored.certificates.map((pem) => parseCertificate(pem));
    const contents: TrustContents = {
      cas: certificates.filter(isCa),
      leaves: certificates.filter((cert) => !isCa(cert)),
      crls: stored.crls.map((pem) => parseCrl(pem)),
    };
    if (stored.root !== undefined) contents.root = parseCertificate(stored.root);
    if (contents.root && certificateSha256(contents.root) !== pinned) throw new Error('the stored root is not the pinned one');
    return contents;
  } catch (error) {
    throw new SignetError('TRUST_FILE_INVALID', undefined, `this computer's trust store ${path} is damaged (${(error as Error).message}); import the trust file again`);
  }
}

function serialise(contents: TrustContents, pinned: string): string {
  const stored: z.infer<typeof StoreSchema> = {
    format: STORE_FORMAT,
    rootSha256: pinned,
    certificates: [...contents.cas, ...contents.leaves].map((cert) => pemOf(cert.rawData, 'CERTIFICATE')),
    crls: contents.crls.map((crl) => pemOf(crl.der, 'X509 CRL')),
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
  let contents = await readContents(path, pinned);
  if (configured) contents = { ...contents, root: configured };

  const save = async (next: TrustContents): Promise<void> => {
    await mkdir(join(home, 'trust'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, serialise(next, pinned));
    contents = next;
  };

  return {
    material: () => ({
      anchor: contents.root ? { rootSha256: pinned, root: contents.root } : undefined,
      intermediates: [...contents.cas],
      certificates: [...contents.leaves],
      crls: [...contents.crls],
    }),
    certificateForKey: (keyArn, at = new Date()) => {
      const mine = contents.leaves.filter((cert) => certifiedKeyArn(cert) === keyArn).sort(newestFirst);
      return mine.find((cert) => cert.notBefore <= at && at <= cert.notAfter) ?? mine[0];
    },
    importTrustFile: async (text) => {
      const next = await admitTrustFile(contents, parseTrustFile(text), pinned, new Date());
      const counts = { certificates: next.cas.length + next.leaves.length - contents.cas.length - contents.leaves.length, crls: next.crls.filter((crl) => !contents.crls.includes(crl)).length };
      await save(next);
      return counts;
    },
    addCrls: async (pems) => {
      if (!contents.root) throw new SignetError('TRUST_FILE_INVALID', undefined, "this computer does not have your organisation's root certificate yet; import a trust file first");
      const crls = await mergeCrls(contents.crls, pems.map((pem) => parseCrl(pem)), [contents.root, ...contents.cas]);
      const added = crls.filter((crl) => !contents.crls.includes(crl)).length;
      if (added > 0) await save({ ...contents, crls });
      return { crls: added };
    },
  };
}
