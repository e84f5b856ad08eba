// Regenerates the .signet test vectors in this folder (npm run vectors). The vectors
// are committed; docs/FORMAT.md describes them and test/vectors/vectors.test.ts checks
// that Signet reads each one as index.json says. Keys here are test keys only.
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { p521 } from '@noble/curves/nist.js';
import { PAYLOAD_CHUNK_SIZE, TAG_SIZE } from '../../src/main/format/constants.js';
import { parseHeader } from '../../src/main/format/header.js';
import { spkiFingerprint } from '../../src/main/keyring/keyring.js';
import { pinnedKeyWrapper } from '../../src/main/engine/recipients.js';
import { seal } from '../../src/main/engine/seal.js';
import { craftSeal, decryptContainer } from '../support/craft.js';

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

const signerSpki = createPublicKey(signerKey).export({ type: 'spki', format: 'der' });
const signer = {
  keyArn: ARN('a1'),
  publicKeySha256: spkiFingerprint(signerSpki),
  sessionArn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
  sourceIdentity: 'alice',
  accountId: '111122223333',
};
const sign = async (digest: Buffer) => ({
  signature: Buffer.from(p521.sign(digest, Buffer.from(signerKey.export({ format: 'jwk' }).d!, 'base64url'), { prehash: false, format: 'der' })),
  requestId: 'vector-request-id',
});
const legal = { name: 'Legal', keyArn: ARN('b1'), wrap: pinnedKeyWrapper(createPublicKey(legalKey)), privateKey: legalKey };
const finance = { name: 'Finance', keyArn: ARN('c1'), wrap: pinnedKeyWrapper(createPublicKey(financeKey)), privateKey: financeKey };
const unwrap = (bytes: Buffer, key: KeyObject, index = 0) =>
  privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, parseHeader(bytes).stanzas[index]!.wrappedKey);

const work = await mkdtemp(join(tmpdir(), 'signet-vectors-'));
const index: object[] = [];
async function sealVector(name: string, description: string, build: (dir: string) => Promise<string[]>, recipients = [legal], openAs = 'recipient-legal-rsa2048') {
  const dir = join(work, name);
  await mkdir(dir);
  const inputs = await build(dir);
  const { manifest } = await seal({ inputs, output: join(here, `${name}.signet`), overwrite: true, recipients, signer, sign, now: () => new Date('2026-11-28T10:42:00.000Z') });
  const bytes = await readFile(join(here, `${name}.signet`));
  const stanza = recipients.findIndex((r) => r.privateKey === (openAs === 'recipient-legal-rsa2048' ? legalKey : financeKey));
  index.push({ file: `${name}.signet`, description, recipientKey: `keys/${openAs}.pem`, fileKey: unwrap(bytes, openAs === 'recipient-legal-rsa2048' ? legalKey : financeKey, stanza).toString('hex'), expect: { ok: true, entries: manifest.entries } });
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

async function bad(name: string, description: string, bytes: Buffer, error: string, fileKey?: Buffer) {
  await writeFile(join(here, `${name}.signet`), bytes);
  index.push({ file: `${name}.signet`, description, recipientKey: 'keys/recipient-legal-rsa2048.pem', ...(fileKey ? { fileKey: fileKey.toString('hex') } : {}), expect: { ok: false, error } });
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

await writeFile(
  join(here, 'index.json'),
  `${JSON.stringify({ signer: { keyArn: signer.keyArn, publicKey: 'keys/signer-p521.pub.pem', fingerprint: signer.publicKeySha256 }, recipients: { [legal.keyArn]: 'keys/recipient-legal-rsa2048.pem', [finance.keyArn]: 'keys/recipient-finance-rsa2048.pem' }, vectors: index }, null, 2)}\n`,
);
await rm(work, { recursive: true });
console.log(`wrote ${index.length} vectors to ${here}`);
