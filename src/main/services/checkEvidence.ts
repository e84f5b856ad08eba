// "Check this evidence": re-checks an evidence folder (writeEvidence.ts) offline —
// nothing is decrypted and AWS is not contacted — file by file, as EVIDENCE_CHECKS
// (evidenceFolder.ts) lists. The signature over manifest.json is checked against the
// organisation's key pinned on this computer (version 1) or against this computer's own
// root and revocation lists (version 2: never the root.pem or crls.pem the folder
// brings, which are there for third parties); every copy of the signature and the
// certificates must be the same bytes; root.pem must be the pinned root; verdict.json
// and files.sha256 must agree with the signed manifest. The reports are summaries and
// are said to be. The documents themselves are checked only when asked
// (checkDocuments.ts).
import { createHash, createPublicKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import type { SealVerdict } from '../../shared/ipc.js';
import { verifyCertifiedSignature, verifyManifestSignature, type SignerKeyLookup, type SignerTrust } from '../engine/signature.js';
import { parseSignatureBlockV2 } from '../format/manifest.js';
import { spkiFingerprint } from '../keyring/keyring.js';
import { parseCertificate } from '../pki/certificates.js';
import { isLowS } from '../signatures/lowS.js';
import { detachedSignedData } from '../pki/cms.js';
import { timestampOf } from './writeEvidence.js';
import { timestampFile } from './trust.js';
import { EVIDENCE_CHECKS, EVIDENCE_FILES, hashLines, type EvidenceFile, type EvidenceRole } from './evidenceFolder.js';
import type { ProvenSigner } from './trust.js';
import { verdictOf, type CheckedSeal } from './verdict.js';

const pemCertificates = (text: string): Buffer[] => (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => Buffer.from(parseCertificate(pem).rawData));

export interface EvidenceCheckOptions {
  /** Version 1 folders: the organisation's signing key pinned here. */
  signerKey: SignerKeyLookup;
  /** Version 2 folders: the trust decision on the sender's certificate, with this computer's root and revocation lists. */
  trust: SignerTrust<ProvenSigner>;
  /** The SHA-256 of the root the configuration pins: a version 2 folder's root.pem must be it. */
  rootSha256: string | undefined;
}

/** One file of the folder, and what it was checked against (EVIDENCE_CHECKS). */
export interface EvidenceFileResult {
  name: string;
  role: EvidenceRole;
  how: string;
  /** A summary or instructions may be missing; a file that is checked may not. */
  present: boolean;
}

export interface CheckedEvidence {
  checked: CheckedSeal;
  files: EvidenceFileResult[];
  /** Files in the folder that are not part of the evidence: nothing about them was checked. */
  unknown: string[];
}

/** A refusal naming the file of the evidence folder that is wrong, and how. */
export const evidenceTampered = (what: string): SignetError =>
  new SignetError('TAMPERED', `Do not trust this evidence folder: ${what}.`, what);

/**
 * A refusal from checking the folder's signature, in words about the folder: the
 * seal's messages speak of "this file" and of nothing saved from it, and neither fits
 * an evidence folder, which nothing is ever saved from.
 */
function aboutTheFolder(error: unknown): unknown {
  if (!(error instanceof SignetError)) return error;
  if (error.code === 'BAD_SIGNATURE') {
    return new SignetError(
      'BAD_SIGNATURE',
      `Do not trust this evidence folder: its signature (${EVIDENCE_FILES.signature}) does not match ${EVIDENCE_FILES.manifest}, so one of them was changed. Ask whoever gave you the folder for the original.`,
      error.detail,
    );
  }
  const words = error.message.replace(/^Do not trust this file: /, 'Do not trust this evidence folder: ').replace(/ Nothing from it was saved\.$/, '');
  return words === error.message ? error : new SignetError(error.code, words, error.detail);
}

function formatOf(manifestBytes: Buffer): unknown {
  try {
    return (JSON.parse(manifestBytes.toString('utf8')) as { format?: unknown }).format;
  } catch {
    throw evidenceTampered(`${EVIDENCE_FILES.manifest} is not JSON`);
  }
}

/** What in verdict.json describes the check that wrote it, not the seal: a later check may differ. */
const DESCRIBES_THE_CHECK = new Set(['checkedAt', 'checkedWith', 'verdict', 'revocationNote']);
/** A version 1 folder does not hold the signature block the KMS request id came from, so nothing here can compare it. */
const NOT_IN_A_VERSION_1_FOLDER = new Set([...DESCRIBES_THE_CHECK, 'kmsRequestId']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first field ("signer.certified.name", "files[0].sha256") where `actual` is not `expected`; a missing field and an undefined one are the same. */
export function firstDifference(expected: unknown, actual: unknown, path = '', skip: ReadonlySet<string> = new Set()): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (skip.has(key)) continue;
      const found = firstDifference(expected[key], actual[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  }
  return expected === actual ? undefined : path || '(the whole file)';
}

/** verdict.json must say what the signed manifest says: the first field that does not, in words. */
function verdictDifference(signed: SealVerdict, text: string, version: 1 | 2): string | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(text);
  } catch {
    return `${EVIDENCE_FILES.verdict} is not JSON`;
  }
  const field = firstDifference(signed, kept, '', version === 1 ? NOT_IN_A_VERSION_1_FOLDER : DESCRIBES_THE_CHECK);
  return field === undefined ? undefined : `${EVIDENCE_FILES.verdict} does not agree with the signed ${EVIDENCE_FILES.manifest} at "${field}"`;
}

/** files.sha256 must be the signed manifest's files, line by line: the first line that is not, in words. */
function hashesDifference(signed: SealVerdict, text: string): string | undefined {
  const expected = hashLines(signed.files);
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (let i = 0; i < Math.max(expected.length, lines.length); i++) {
    if (lines[i] === expected[i]) continue;
    if (expected[i] === undefined) return `${EVIDENCE_FILES.hashes} line ${i + 1} is not in the signed ${EVIDENCE_FILES.manifest}`;
    return `${EVIDENCE_FILES.hashes} line ${i + 1} is not the signed ${EVIDENCE_FILES.manifest}'s SHA-256 of ${signed.files[i]!.path}`;
  }
  return undefined;
}

/** The signature: one copy in manifest.sig, in the low-S form Signet makes. */
function checkSignatureForm(signature: Buffer): void {
  // OpenSSL accepts both (r, s) and (r, n − s); Signet writes only the low-S one.
  if (!isLowS(signature, 'P-521')) {
    throw new SignetError(
      'BAD_SIGNATURE',
      `Do not trust this evidence folder: ${EVIDENCE_FILES.signature} is not in the form Signet makes — it may have been altered, or written by an older Signet. Open the sealed file again to make new evidence.`,
      `${EVIDENCE_FILES.signature} is not a strict-DER low-S ECDSA signature`,
    );
  }
}

/**
 * Re-checks an evidence folder offline, every file as EVIDENCE_CHECKS says; the first
 * file that does not agree is refused (TAMPERED, BAD_SIGNATURE, SIGNER_KEY_CHANGED or
 * the certificate's refusal), naming it.
 */
export async function checkEvidence(dir: string, options: EvidenceCheckOptions): Promise<CheckedEvidence> {
  const read = (name: string) =>
    readFile(join(dir, name)).catch(() => {
      throw new SignetError('INPUT_NOT_FOUND', `${join(dir, name)} is missing; ${basename(dir)} is not a complete evidence folder.`);
    });
  const [manifestBytes, signature, signerPem] = await Promise.all([read(EVIDENCE_FILES.manifest), read(EVIDENCE_FILES.signature), read(EVIDENCE_FILES.signer)]);
  checkSignatureForm(signature);
  const version = formatOf(manifestBytes) === 'signet-manifest/2' ? 2 : 1;
  let checked: CheckedSeal;
  if (version === 2) {
    const [blockBytes, certificatePem, chainPem, rootPem] = await Promise.all([
      read(EVIDENCE_FILES.signatureBlock),
      read(EVIDENCE_FILES.signerCertificate),
      read(EVIDENCE_FILES.chain),
      read(EVIDENCE_FILES.root),
    ]);
    const block = parseSignatureBlockV2(blockBytes);
    const inFolder = [...pemCertificates(certificatePem.toString('utf8')), ...pemCertificates(chainPem.toString('utf8'))];
    const inBlock = block.certificates.map((b64) => Buffer.from(b64, 'base64'));
    if (!Buffer.from(block.signature, 'base64').equals(signature)) throw evidenceTampered(`${EVIDENCE_FILES.signature} is not the signature in ${EVIDENCE_FILES.signatureBlock}`);
    if (inFolder.length !== inBlock.length || inFolder.some((der, i) => !der.equals(inBlock[i]!))) {
      throw evidenceTampered(`${EVIDENCE_FILES.signerCertificate} and ${EVIDENCE_FILES.chain} are not the certificates in ${EVIDENCE_FILES.signatureBlock}`);
    }
    // manifest.p7s holds nothing but the block's signature and certificates: it must be exactly the CMS built from them.
    const cms = await read(EVIDENCE_FILES.cms);
    if (!cms.equals(detachedSignedData({ certificates: inBlock, signature, timestampToken: timestampOf(block) }))) throw evidenceTampered(`${EVIDENCE_FILES.cms} is not the CMS signature of ${EVIDENCE_FILES.signatureBlock}`);
    const timestamp = timestampFile(block);
    if (timestamp && !(await read(EVIDENCE_FILES.timestamp)).equals(timestamp)) throw evidenceTampered(`${EVIDENCE_FILES.timestamp} is not the trusted timestamp in ${EVIDENCE_FILES.signatureBlock}`);
    checked = await verifyCertifiedSignature(manifestBytes, block, options.trust).catch((error: unknown) => {
      throw aboutTheFolder(error);
    });
    if (!options.rootSha256) throw new SignetError('CONFIG_INVALID', "This configuration doesn't name your organisation's root certificate (trust.rootSha256), so Signet can't check root.pem. Ask IT for the current configuration.");
    const roots = pemCertificates(rootPem.toString('utf8'));
    if (roots.length !== 1 || createHash('sha256').update(roots[0]!).digest('hex') !== options.rootSha256) {
      throw evidenceTampered(`${EVIDENCE_FILES.root} is not your organisation's root certificate (SHA-256 ${options.rootSha256})`);
    }
  } else {
    const verified = await verifyManifestSignature(manifestBytes, signature, options.signerKey).catch((error: unknown) => {
      throw aboutTheFolder(error);
    });
    checked = {
      ...verified,
      manifestBytes,
      signature,
      signatureBlock: { format: 'signet-signature/1', keyArn: verified.manifest.signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512', messageType: 'DIGEST', signature: signature.toString('base64'), kmsRequestId: '' },
    };
  }
  let bundled: string;
  try {
    bundled = spkiFingerprint(createPublicKey(signerPem).export({ type: 'spki', format: 'der' }));
  } catch {
    throw evidenceTampered(`${EVIDENCE_FILES.signer} is not a public key`);
  }
  const verifying = spkiFingerprint(checked.signer.publicKey.export({ type: 'spki', format: 'der' }));
  if (bundled !== verifying) {
    throw new SignetError('SIGNER_KEY_CHANGED', `Do not trust this evidence folder: ${EVIDENCE_FILES.signer} is not the key the signature verified with.`, `signer.pem is ${bundled}; the signature verified with ${verifying}`);
  }

  const signed = verdictOf(checked);
  const [verdictText, hashesText] = await Promise.all([read(EVIDENCE_FILES.verdict), read(EVIDENCE_FILES.hashes)]);
  const wrong = verdictDifference(signed, verdictText.toString('utf8'), version) ?? hashesDifference(signed, hashesText.toString('utf8'));
  if (wrong) throw evidenceTampered(wrong);
  return { checked, ...(await inventory(dir, version)) };
}

/** Every file the folder should hold for `version`, with how it was checked, and the files it holds that are not evidence. */
async function inventory(dir: string, version: 1 | 2): Promise<Omit<CheckedEvidence, 'checked'>> {
  const present = new Set(await readdir(dir));
  const files: EvidenceFileResult[] = [];
  for (const [key, name] of Object.entries(EVIDENCE_FILES) as [EvidenceFile, string][]) {
    const { role, how } = EVIDENCE_CHECKS[key];
    const words = how[version];
    if (words !== undefined) files.push({ name, role, how: words, present: present.has(name) });
  }
  const known = new Set<string>(Object.values(EVIDENCE_FILES));
  return { files, unknown: [...present].filter((name) => !known.has(name)).sort() };
}
