// Regenerates the .signet test vectors in this folder (npm run vectors). The vectors
// are committed; docs/FORMAT.md describes them and test/vectors/vectors.test.ts checks
// that Signet reads each one as index.json says. Good seals are made by the engine;
// seals that break one rule each are crafted from records, with a manifest signed by
// the vectors' signer key, so the rule is the only thing wrong with them. Keys and
// certificates here are test keys only.
import { X509Certificate, constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { p521 } from '@noble/curves/nist.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { TimeStampReq } from '@peculiar/asn1-tsp';
import { PAYLOAD_CHUNK_SIZE, TAG_SIZE, type FormatVersion } from '../../src/main/format/constants.js';
import { RECORD, blobRecord, fileRecordHeader, folderRecord } from '../../src/main/format/container.js';
import { parseHeader } from '../../src/main/format/header.js';
import { encodeCanonical, manifestDigest, type ManifestEntry } from '../../src/main/format/manifest.js';
import { spkiFingerprint } from '../../src/main/keyring/keyring.js';
import { pinnedKeyWrapper } from '../../src/main/engine/recipients.js';
import { seal } from '../../src/main/engine/seal.js';
import { timestampQuery } from '../../src/main/pki/timestamp.js';
import { timestampToken } from '../../src/main/sandbox/tsa/timestampAuthority.js';
import { craftSeal, decryptContainer } from '../support/craft.js';
import { sTwin } from '../support/highS.js';
import { issue, makeRoot, type TestCa } from './testChain.js';

const here = new URL('.', import.meta.url).pathname;
const ARN = (n: string) => `arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000${n}`;

async function keyPair(name: string, make: () => { privateKey: KeyObject }): Promise<KeyObject> {
  const path = join(here, 'keys', `${name}.pem`);
  try {
    return createPrivateKey(await readFile(path, 'utf8'));
  } catch {
    const { privateKey } = make();
    await mkdir(join(here, 'keys'), { recursive: true });
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    return privateKey;
  }
}

const signerKey = await keyPair('signer-p521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }));
const legalKey = await keyPair('recipient-legal-rsa2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }));
const financeKey = await keyPair('recipient-finance-rsa2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }));
await writeFile(join(here, 'keys', 'signer-p521.pub.pem'), createPublicKey(signerKey).export({ type: 'spki', format: 'pem' }) as string);

const otherSignerKey = await keyPair('other-p521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }));

/** A certificate kept in keys/NAME.pem once made, so regenerating keeps the same chain. */
async function certificate(name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const path = join(here, 'keys', `${name}.pem`);
  try {
    return Buffer.from(new X509Certificate(await readFile(path, 'utf8')).raw);
  } catch {
    const der = await make();
    await writeFile(path, new X509Certificate(der).toString());
    return der;
  }
}
const rootKey = await keyPair('root-ca-p521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }));
const issuingKey = await keyPair('issuing-ca-p521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }));
const root: TestCa = { ...(await makeRoot(rootKey)), der: await certificate('root-ca', async () => (await makeRoot(rootKey)).der) };
const issuingName = 'CN=Signet Test Issuing CA, O=Signet Test';
const issuing: TestCa = { privateKey: issuingKey, name: issuingName, der: await certificate('issuing-ca', () => issue(root, issuingKey, issuingName, '02', true)) };
const signerCertificate = await certificate('signer-cert', () => issue(issuing, signerKey, 'CN=Alice Example, OU=Finance, O=Signet Test', '10'));
const otherSignerCertificate = await certificate('other-signer-cert', () => issue(issuing, otherSignerKey, 'CN=Bob Example, OU=Legal, O=Signet Test', '11'));
const legalCertificate = await certificate('recipient-legal-cert', () => issue(issuing, legalKey, 'CN=Legal, O=Signet Test', '20'));
const financeCertificate = await certificate('recipient-finance-cert', () => issue(issuing, financeKey, 'CN=Finance, O=Signet Test', '21'));
const tsaKey = await keyPair('tsa-p521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }));
const tsaCertificate = await certificate('tsa-cert', () => issue(issuing, tsaKey, 'CN=Signet Test Time-Stamping Authority, O=Signet Test', '30', 'timestamping'));
/** A trusted timestamp (RFC 3161 token, DER) over `signature`, as the sandbox's TSA makes them, by the vectors' test TSA. */
const stamp = (signature: Buffer): Buffer => {
  const request = AsnConvert.parse(timestampQuery(signature).query, TimeStampReq);
  const tsa = { certificate: tsaCertificate, privateKeyPem: tsaKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  return Buffer.from(AsnConvert.serialize(timestampToken(request, new Date('2026-11-28T10:42:01Z'), tsa)));
};
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const signerSpki = createPublicKey(signerKey).export({ type: 'spki', format: 'der' });
const signer = {
  keyArn: ARN('a1'),
  publicKeySha256: spkiFingerprint(signerSpki),
  sessionArn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
  sourceIdentity: 'alice',
  accountId: '111122223333',
};
const certifiedSigner = { keyArn: signer.keyArn, sessionArn: signer.sessionArn, sourceIdentity: signer.sourceIdentity, accountId: signer.accountId, certificates: [signerCertificate, issuing.der] };
const signWith = (key: KeyObject, digest: Buffer): Buffer => Buffer.from(p521.sign(digest, Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url'), { prehash: false, format: 'der' }));
const sign = async (digest: Buffer) => ({ signature: signWith(signerKey, digest), requestId: 'vector-request-id' });
const legal = { name: 'Legal', keyArn: ARN('b1'), wrap: pinnedKeyWrapper(createPublicKey(legalKey)), privateKey: legalKey, certificateSha256: sha256(legalCertificate) };
const finance = { name: 'Finance', keyArn: ARN('c1'), wrap: pinnedKeyWrapper(createPublicKey(financeKey)), privateKey: financeKey, certificateSha256: sha256(financeCertificate) };
const unwrap = (bytes: Buffer, key: KeyObject, index = 0) =>
  privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, parseHeader(bytes).stanzas[index]!.wrappedKey);

const work = await mkdtemp(join(tmpdir(), 'signet-vectors-'));
const index: object[] = [];
async function sealVector(name: string, description: string, build: (dir: string) => Promise<string[]>, recipients = [legal], openAs = 'recipient-legal-rsa2048', version: FormatVersion = 1) {
  const dir = join(work, name);
  await mkdir(dir);
  const inputs = await build(dir);
  const { manifest } = await seal({ inputs, output: join(here, `${name}.signet`), overwrite: true, recipients, signer: version === 2 ? certifiedSigner : signer, sign, now: () => new Date('2026-11-28T10:42:00.000Z') });
  const bytes = await readFile(join(here, `${name}.signet`));
  const stanza = recipients.findIndex((r) => r.privateKey === (openAs === 'recipient-legal-rsa2048' ? legalKey : financeKey));
  index.push({ file: `${name}.signet`, description, recipientKey: `keys/${openAs}.pem`, version, fileKey: unwrap(bytes, openAs === 'recipient-legal-rsa2048' ? legalKey : financeKey, stanza).toString('hex'), expect: { ok: true, entries: manifest.entries } });
  return bytes;
}

const deterministic = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff));

const memo = await sealVector('memo', 'one small text file', async (dir) => {
  await writeFile(join(dir, 'memo.txt'), 'Signet test vector: a short memo.\n');
  return [join(dir, 'memo.txt')];
});
await sealVector('empty-file', 'one empty file', async (dir) => {
  await writeFile(join(dir, 'empty.txt'), '');
  return [join(dir, 'empty.txt')];
});
const boundary = await sealVector('chunk-boundary', 'a file of exactly one chunk (65536 bytes), plus the manifest: two chunks', async (dir) => {
  await writeFile(join(dir, 'chunk.bin'), deterministic(65536));
  return [join(dir, 'chunk.bin')];
});
await sealVector('folder', 'a folder with a nested file and an empty folder', async (dir) => {
  await mkdir(join(dir, 'case', 'exhibits'), { recursive: true });
  await mkdir(join(dir, 'case', 'empty'));
  await writeFile(join(dir, 'case', 'exhibits', 'a.txt'), 'exhibit A\n');
  await writeFile(join(dir, 'case', 'brief.txt'), 'brief\n');
  return [join(dir, 'case')];
});
await sealVector('two-recipients', 'sealed for Legal and Finance; opened here with the Finance key', async (dir) => {
  await writeFile(join(dir, 'shared.txt'), 'for both teams\n');
  return [join(dir, 'shared.txt')];
}, [legal, finance], 'recipient-finance-rsa2048');

async function bad(name: string, description: string, bytes: Buffer, error: string, fileKey?: Buffer, version: FormatVersion = 1) {
  await writeFile(join(here, `${name}.signet`), bytes);
  const vector: Record<string, unknown> = { file: `${name}.signet`, description, recipientKey: 'keys/recipient-legal-rsa2048.pem', version };
  if (fileKey) vector.fileKey = fileKey.toString('hex');
  vector.expect = { ok: false, error };
  index.push(vector);
}
const memoKey = unwrap(memo, legalKey);
const memoOffset = parseHeader(memo).payloadOffset;
const flipped = Buffer.from(memo);
flipped[memoOffset + 3]! ^= 1;
await bad('bad-chunk', 'memo with one payload byte flipped', flipped, 'TAMPERED', memoKey);
const macFlip = Buffer.from(memo);
macFlip[memoOffset - 1]! ^= 1;
await bad('bad-header-mac', 'memo with the last byte of the header MAC flipped', macFlip, 'TAMPERED', memoKey);
const boundaryOffset = parseHeader(boundary).payloadOffset;
await bad('truncated', 'chunk-boundary cut after its first chunk', boundary.subarray(0, boundaryOffset + PAYLOAD_CHUNK_SIZE[1] + TAG_SIZE), 'TRUNCATED', unwrap(boundary, legalKey));
await bad('trailing-data', 'memo with bytes appended', Buffer.concat([memo, Buffer.from('appended')]), 'TAMPERED', memoKey);
await bad('forwarded', "memo's contents re-encrypted by Legal for Finance, opened by Finance", craftSeal(decryptContainer(memo, memoKey), [finance]), 'NOT_ADDRESSED_TO_YOU');
(index[index.length - 1] as { recipientKey: string }).recipientKey = 'keys/recipient-finance-rsa2048.pem';
await bad('not-signet', 'a text file', Buffer.from('this is not a sealed file\n'), 'NOT_A_SIGNET_FILE');

// Seals that break one rule each (docs/FORMAT.md, "Opening, in order").
type Item = { type: 'folder'; path: string } | { type: 'file'; path: string; data: Buffer };
interface Craft {
  version?: FormatVersion;
  items?: Item[];
  /** Changes the manifest (an object) before it is encoded. */
  manifest?: (manifest: Record<string, unknown>) => unknown;
  /** Replaces the encoded manifest bytes; they are still signed. */
  manifestBytes?: (bytes: Buffer) => Buffer;
  /** Changes the signature block (an object) before it is encoded. */
  block?: (block: Record<string, unknown>) => unknown;
  blockBytes?: (bytes: Buffer) => Buffer;
  /** Changes the signature (DER) after signing. */
  signature?: (signature: Buffer) => Buffer;
  signingKey?: KeyObject;
  /** Replaces the records after the entries (manifest and signature records). */
  tail?: (manifestRecord: Buffer, signatureRecord: Buffer) => Buffer[];
}
const memoItem: Item = { type: 'file', path: 'memo.txt', data: Buffer.from('memo\n') };
const entryOf = (item: Item): ManifestEntry =>
  item.type === 'folder' ? { type: 'folder', path: item.path } : { type: 'file', path: item.path, size: item.data.length, sha256: sha256(item.data) };
const recordsOf = (item: Item): Buffer[] => (item.type === 'folder' ? [folderRecord(item.path)] : [fileRecordHeader(item.path, item.data.length), item.data]);

async function crafted(name: string, description: string, outcome: string | 'opens', craft: Craft = {}) {
  const version = craft.version ?? 1;
  const items = craft.items ?? [memoItem];
  const base =
    version === 1
      ? { format: 'signet-manifest/1', createdAt: '2026-11-28T10:42:00.000Z', signer: { ...signer, signingAlgorithm: 'ECDSA_SHA_512' }, recipients: [{ name: legal.name, keyArn: legal.keyArn }] }
      : {
          format: 'signet-manifest/2',
          createdAt: '2026-11-28T10:42:00.000Z',
          signer: { keyArn: signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512', certificateSha256: sha256(signerCertificate), sessionArn: signer.sessionArn, sourceIdentity: signer.sourceIdentity, accountId: signer.accountId },
          recipients: [{ name: legal.name, keyArn: legal.keyArn, certificateSha256: legal.certificateSha256 }],
        };
  const entries = items.map(entryOf);
  const manifest = { ...base, entries };
  const manifestBytes = (craft.manifestBytes ?? ((b: Buffer) => b))(encodeCanonical(craft.manifest ? craft.manifest(manifest) : manifest));
  const signature = (craft.signature ?? ((b: Buffer) => b))(signWith(craft.signingKey ?? signerKey, manifestDigest(manifestBytes)));
  const block: Record<string, unknown> = { format: `signet-signature/${version}`, keyArn: signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512', messageType: 'DIGEST', signature: signature.toString('base64'), kmsRequestId: 'vector-request-id' };
  if (version === 2) block.certificates = [signerCertificate, issuing.der].map((der) => der.toString('base64'));
  const blockBytes = (craft.blockBytes ?? ((b: Buffer) => b))(encodeCanonical(craft.block ? craft.block(block) : block));
  const manifestRecord = blobRecord(RECORD.manifest, manifestBytes);
  const signatureRecord = blobRecord(RECORD.signature, blockBytes);
  const container = Buffer.concat([...items.flatMap(recordsOf), ...(craft.tail ?? ((m: Buffer, g: Buffer) => [m, g]))(manifestRecord, signatureRecord)]);
  const bytes = craftSeal(container, [legal], version);
  const fileKey = unwrap(bytes, legalKey);
  if (outcome !== 'opens') return bad(name, description, bytes, outcome, fileKey, version);
  await writeFile(join(here, `${name}.signet`), bytes);
  index.push({ file: `${name}.signet`, description, recipientKey: 'keys/recipient-legal-rsa2048.pem', version, fileKey: fileKey.toString('hex'), expect: { ok: true, entries } });
}

const file = (path: string, text = `${path}\n`): Item => ({ type: 'file', path, data: Buffer.from(text) });
const folder = (path: string): Item => ({ type: 'folder', path });
const withSpace = (bytes: Buffer): Buffer => Buffer.concat([bytes.subarray(0, 1), Buffer.from(' '), bytes.subarray(1)]);

// Entries, folders and names.
await crafted('empty-container', 'no entries at all: the manifest lists none', 'opens', { items: [] });
await crafted('file-without-folder-record', 'a/b.txt with no folder record for a: the folder is made implicitly', 'opens', { items: [file('a/b.txt')] });
await crafted('folder-after-its-file', 'a/b.txt, then the folder record a', 'opens', { items: [file('a/b.txt'), folder('a')] });
await crafted('duplicate-name', 'memo.txt twice', 'UNSAFE_NAME', { items: [file('memo.txt'), file('memo.txt')] });
await crafted('case-collision', 'Memo.txt and memo.txt', 'UNSAFE_NAME', { items: [file('Memo.txt'), file('memo.txt')] });
await crafted('unicode-collision', 'straße.txt and STRASSE.txt: the same collision key', 'UNSAFE_NAME', { items: [file('straße.txt'), file('STRASSE.txt')] });
await crafted('file-then-inside-it', 'a file a, then a/b.txt inside it', 'UNSAFE_NAME', { items: [file('a'), file('a/b.txt')] });
await crafted('inside-then-file', 'a/b.txt, then a file named a', 'UNSAFE_NAME', { items: [file('a/b.txt'), file('a')] });
await crafted('folder-then-same-file', 'a folder a, then a file a', 'UNSAFE_NAME', { items: [folder('a'), file('a')] });
await crafted('reserved-device-name', 'a file named con.txt (Windows device name, any case and extension)', 'UNSAFE_NAME', { items: [file('con.txt')] });
await crafted('reserved-superscript', 'COM¹ (Windows treats ¹²³ as digits)', 'UNSAFE_NAME', { items: [file('COM¹')] });
await crafted('trailing-dot', 'a component ending with a dot', 'UNSAFE_NAME', { items: [file('memo.')] });
await crafted('trailing-space', 'a component ending with a space', 'UNSAFE_NAME', { items: [file('a /memo.txt')] });
await crafted('dot-dot', 'a .. component', 'UNSAFE_NAME', { items: [file('../memo.txt')] });
await crafted('absolute', 'a name starting with /', 'UNSAFE_NAME', { items: [file('/memo.txt')] });
await crafted('empty-component', 'a//b: an empty component', 'UNSAFE_NAME', { items: [file('a//b.txt')] });
await crafted('backslash', 'a backslash in a name', 'UNSAFE_NAME', { items: [file('a\\b.txt')] });
await crafted('bidi-override', 'U+202E in a name', 'UNSAFE_NAME', { items: [file('invoice\u202etxt.exe')] });
await crafted('zwj-allowed', 'U+200D (zero-width joiner) is allowed', 'opens', { items: [file('a\u200db.txt')] });
await crafted('slash-lookalike', 'U+2215 (division slash) in a name', 'UNSAFE_NAME', { items: [file('Legal\u2215memo.txt')] });
await crafted('nfkc-device-name', 'ＣＯＮ (fullwidth): a device name once NFKC-folded', 'UNSAFE_NAME', { items: [file('ＣＯＮ')] });
await crafted('nfkc-dot-dot', '‥ (U+2025): .. once NFKC-folded', 'UNSAFE_NAME', { items: [file('\u2025/memo.txt')] });
await crafted('long-component', 'a 256-byte component', 'UNSAFE_NAME', { items: [file('x'.repeat(256))] });

// The container's records.
await crafted('entries-differ', 'the manifest lists another hash than the content has', 'TAMPERED', { manifest: (m) => ({ ...m, entries: [{ ...entryOf(memoItem), sha256: '0'.repeat(64) }] }) });
await crafted('entry-missing-from-manifest', 'the manifest lists no entries, the container has one', 'TAMPERED', { manifest: (m) => ({ ...m, entries: [] }) });
await crafted('no-signature', 'the container ends after the manifest record', 'TAMPERED', { tail: (m) => [m] });
await crafted('after-signature', 'a folder record after the signature record', 'TAMPERED', { tail: (m, g) => [m, g, folderRecord('late')] });
await crafted('signature-before-manifest', 'the signature record first', 'TAMPERED', { tail: (m, g) => [g, m] });
await crafted('two-manifests', 'the manifest record twice', 'TAMPERED', { tail: (m, g) => [m, m, g] });
await crafted('unknown-record', 'a record of type 5', 'TAMPERED', { tail: (m, g) => [Buffer.from([5]), m, g] });
await crafted('empty-manifest-record', 'a manifest record of length 0', 'TAMPERED', { tail: (_m, g) => [blobRecord(RECORD.manifest, Buffer.alloc(0)), g] });

// Canonical JSON and the fields.
await crafted('manifest-white-space', 'the signed manifest has a space after {', 'TAMPERED', { manifestBytes: withSpace });
await crafted('manifest-key-order', 'the signed manifest has its keys in another order', 'TAMPERED', { manifestBytes: (b) => Buffer.from(JSON.stringify(JSON.parse(b.toString()), ['signer', 'format', 'createdAt', 'recipients', 'entries', 'keyArn', 'signingAlgorithm', 'publicKeySha256', 'sessionArn', 'sourceIdentity', 'accountId', 'name', 'type', 'path', 'size', 'sha256'])) });
await crafted('manifest-escape', 'the signed manifest writes a as \\u0061 (JSON.stringify would not)', 'TAMPERED', { manifestBytes: (b) => Buffer.from(b.toString().replace('"alice"', '"\\u0061lice"')) });
await crafted('manifest-extra-key', 'the signed manifest has an unknown key', 'TAMPERED', { manifest: (m) => ({ ...m, note: 'x' }) });
await crafted('manifest-bad-time', 'createdAt without milliseconds', 'TAMPERED', { manifest: (m) => ({ ...m, createdAt: '2026-11-28T10:42:00Z' }) });
await crafted('manifest-unsafe-size', 'a file size over 2^53 − 1 in the manifest', 'TAMPERED', { manifestBytes: (b) => Buffer.from(b.toString().replace('"size":5', '"size":9007199254740993')) });
await crafted('manifest-version-mismatch', 'a version 1 header with a signet-manifest/2 manifest', 'TAMPERED', { manifest: (m) => ({ ...m, format: 'signet-manifest/2' }) });
await crafted('block-white-space', 'the signature block has a space after {', 'TAMPERED', { blockBytes: withSpace });
await crafted('block-other-key', 'the signature block names another key ARN than the manifest', 'TAMPERED', { block: (b) => ({ ...b, keyArn: ARN('d1') }) });
await crafted('high-s', 'the signature in its high-S form: verifies, but refused', 'BAD_SIGNATURE', { signature: sTwin });
await crafted('wrong-signer', 'signed by another key than the one the manifest names', 'BAD_SIGNATURE', { signingKey: otherSignerKey });
const otherVersion = Buffer.from(memo);
otherVersion[7] = 3;
await bad('version-3', 'memo with the magic version byte set to 3', otherVersion, 'UNSUPPORTED_VERSION');
const longHeader = Buffer.from(memo.subarray(0, 12));
longHeader.writeUInt32BE(65537, 8);
await bad('header-too-long', 'a header body length of 65537', longHeader, 'LIMIT_EXCEEDED');

// Version 2.
await sealVector('memo-v2', 'version 2: one small text file, sealed with the signer certificate and the issuing CA', async (dir) => {
  await writeFile(join(dir, 'memo.txt'), 'Signet test vector: a short memo.\n');
  return [join(dir, 'memo.txt')];
}, [legal], 'recipient-legal-rsa2048', 2);
const boundaryV2 = await sealVector('chunk-boundary-v2', `version 2: a file of exactly one chunk (${PAYLOAD_CHUNK_SIZE[2]} bytes), plus the manifest: two chunks`, async (dir) => {
  await writeFile(join(dir, 'chunk.bin'), deterministic(PAYLOAD_CHUNK_SIZE[2]));
  return [join(dir, 'chunk.bin')];
}, [legal], 'recipient-legal-rsa2048', 2);
await bad('truncated-v2', 'chunk-boundary-v2 cut after its first chunk', boundaryV2.subarray(0, parseHeader(boundaryV2).payloadOffset + PAYLOAD_CHUNK_SIZE[2] + TAG_SIZE), 'TRUNCATED', unwrap(boundaryV2, legalKey), 2);
await crafted('folder-v2', 'version 2: a folder and a file in it', 'opens', { version: 2, items: [folder('case'), file('case/brief.txt')] });
await crafted('v2-certificate-swapped', 'version 2: certificates[0] is another certificate than the manifest names', 'TAMPERED', {
  version: 2,
  block: (b) => ({ ...b, certificates: [otherSignerCertificate, issuing.der].map((der) => der.toString('base64')) }),
});
await crafted('v2-other-key', 'version 2: the certificate is right, the signature is by another key', 'BAD_SIGNATURE', { version: 2, signingKey: otherSignerKey });
await crafted('v2-five-certificates', 'version 2: five certificates (1 to 4 allowed)', 'TAMPERED', { version: 2, block: (b) => ({ ...b, certificates: Array.from({ length: 5 }, () => signerCertificate.toString('base64')) }) });
await crafted('v2-no-certificates', 'version 2: an empty certificates list', 'TAMPERED', { version: 2, block: (b) => ({ ...b, certificates: [] }) });
await crafted('v2-base64-unpadded', 'version 2: the certificate in base64 without its padding', 'TAMPERED', {
  version: 2,
  block: (b) => ({ ...b, certificates: [signerCertificate.toString('base64').replace(/=+$/, 'A'), issuing.der.toString('base64')] }),
});
await crafted('v2-manifest-v1', 'version 2 header with a signet-manifest/1 manifest', 'TAMPERED', { version: 2, manifest: (m) => ({ ...m, format: 'signet-manifest/1' }) });
await crafted('v2-recipient-without-certificate', 'version 2: a recipient with no certificateSha256', 'TAMPERED', { version: 2, manifest: (m) => ({ ...m, recipients: [{ name: legal.name, keyArn: legal.keyArn }] }) });
await crafted('v2-forwarded', 'version 2: sealed for Finance, re-encrypted for Legal', 'NOT_ADDRESSED_TO_YOU', {
  version: 2,
  manifest: (m) => ({ ...m, recipients: [{ name: finance.name, keyArn: finance.keyArn, certificateSha256: finance.certificateSha256 }] }),
});
// Version 2 with a trusted timestamp (docs/FORMAT.md, "Signature block"): the token's imprint is the SHA-512 of the DER signature.
const signatureOf = (block: Record<string, unknown>): Buffer => Buffer.from(block.signature as string, 'base64');
await crafted('v2-timestamped', 'version 2: with a trusted timestamp over the signature from the test TSA (keys/tsa-cert.pem)', 'opens', { version: 2, block: (b) => ({ ...b, timestamp: stamp(signatureOf(b)).toString('base64') }) });
await crafted('v2-timestamp-other-signature', "version 2: a timestamp whose imprint is another signature's", 'TAMPERED', {
  version: 2,
  block: (b) => ({ ...b, timestamp: stamp(Buffer.from(signatureOf(b)).fill(7, 10, 20)).toString('base64') }),
});
await crafted('v2-timestamp-altered', "version 2: a timestamp with one byte of its time changed after the TSA signed it", 'TIMESTAMP_INVALID', {
  version: 2,
  block: (b) => {
    const token = stamp(signatureOf(b));
    const year = token.indexOf(Buffer.from('20261128104201Z'));
    token[year + 3]! ^= 0x01;
    return { ...b, timestamp: token.toString('base64') };
  },
});

await writeFile(
  join(here, 'index.json'),
  `${JSON.stringify({ signer: { keyArn: signer.keyArn, publicKey: 'keys/signer-p521.pub.pem', fingerprint: signer.publicKeySha256, certificate: 'keys/signer-cert.pem' }, root: 'keys/root-ca.pem', timestampAuthority: 'keys/tsa-cert.pem', recipients: { [legal.keyArn]: 'keys/recipient-legal-rsa2048.pem', [finance.keyArn]: 'keys/recipient-finance-rsa2048.pem' }, vectors: index }, null, 2)}\n`,
);
await rm(work, { recursive: true });
console.log(`wrote ${index.length} vectors to ${here}`);
