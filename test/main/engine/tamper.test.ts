// The tamper suite: every way of changing a seal after the fact must be refused with
// its specific reason, and nothing may be released. The KMS boundary is faked with
// local keys (test/support/localKeys.ts) so hundreds of variants run quickly; the
// format, streams and file system are the real ones.
import { constants, privateDecrypt, verify } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_CHUNK_SIZE, TAG_SIZE } from '../../../src/main/format/constants.js';
import { RECORD, blobRecord, fileRecordHeader } from '../../../src/main/format/container.js';
import { parseHeader } from '../../../src/main/format/header.js';
import { encodeCanonical, parseManifestV1, parseSignatureBlockV1 } from '../../../src/main/format/manifest.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal } from '../../../src/main/engine/seal.js';
import { SignetError, type ErrorCode } from '../../../src/shared/errors.js';
import { craftSeal, decryptContainer } from '../../support/craft.js';
import { isHighS, sTwin } from '../../support/highS.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';

// These seals are version 1 (localSigner names its key, not a certificate).
const CHUNK_SIZE = PAYLOAD_CHUNK_SIZE[1];
const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;

let work: string;
let original: Buffer;
const signer = localSigner();
let legal: LocalRecipient;
let finance: LocalRecipient;
const content = Buffer.alloc(3 * CHUNK_SIZE + 100, 0x61);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-tamper-'));
  legal = localRecipient('Legal', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000b1');
  finance = localRecipient('Finance', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000c1');
  await writeFile(join(work, 'report.txt'), content);
  await seal({ inputs: [join(work, 'report.txt')], output: join(work, 'report.signet'), recipients: [legal], signer: signer.identity, sign: signer.sign });
  original = await readFile(join(work, 'report.signet'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

let n = 0;
/** Opens `bytes` as Legal into a fresh folder; returns the error code and checks nothing was released. */
async function refusal(bytes: Buffer, mine = [legal], lookup = signer.lookup): Promise<ErrorCode> {
  return (await refusalError(bytes, mine, lookup)).code;
}

/** As refusal(), returning the error itself. */
async function refusalError(bytes: Buffer, mine = [legal], lookup = signer.lookup): Promise<SignetError> {
  const dir = join(work, `case-${n++}`);
  await mkdir(dir);
  await writeFile(join(dir, 'in.signet'), bytes);
  const error = await openSealed({ input: join(dir, 'in.signet'), destination: join(dir, 'out'), unwrap: localUnwrapper(mine), signerKey: lookup }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the tampered seal was accepted').toBeInstanceOf(SignetError);
  expect(await readdir(dir)).toEqual(['in.signet']);
  await rm(dir, { recursive: true });
  return error as SignetError;
}

const fileKeyOf = (bytes: Buffer): Buffer =>
  privateDecrypt({ key: legal.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, parseHeader(bytes).stanzas[0]!.wrappedKey);

describe('the header', () => {
  it('refuses a flip of any header byte, with the reason that byte implies', async () => {
    const header = parseHeader(original);
    const seen = new Set<ErrorCode>();
    for (let i = 0; i < header.payloadOffset; i++) {
      const bytes = Buffer.from(original);
      bytes[i]! ^= 0x01;
      const code = await refusal(bytes);
      if (i < 7) expect(code).toBe('NOT_A_SIGNET_FILE');
      else if (i === 7) expect(code).toBe('UNSUPPORTED_VERSION');
      else expect(['TAMPERED', 'TRUNCATED', 'LIMIT_EXCEEDED', 'NOT_FOR_YOU']).toContain(code);
      seen.add(code);
    }
    expect(seen).toContain('TAMPERED');
    expect(seen).toContain('NOT_FOR_YOU');
  });

  it('refuses a stanza swapped in from another seal (header MAC)', async () => {
    const other = craftSeal(Buffer.from('x'), [legal]);
    const wrapped = parseHeader(original).stanzas[0]!.wrappedKey;
    const at = original.indexOf(wrapped);
    expect(at).toBeGreaterThan(0);
    const spliced = Buffer.from(original);
    parseHeader(other).stanzas[0]!.wrappedKey.copy(spliced, at);
    expect(await refusal(spliced)).toBe('TAMPERED');
  });

  it('refuses the header of one seal spliced onto the payload of another', async () => {
    const other = craftSeal(Buffer.from('another payload'), [legal]);
    const spliced = Buffer.concat([original.subarray(0, parseHeader(original).payloadOffset), other.subarray(parseHeader(other).payloadOffset)]);
    expect(await refusal(spliced)).toBe('TAMPERED');
  });
});

describe('the payload', () => {
  const offset = () => parseHeader(original).payloadOffset;

  it('refuses flipped bytes across every chunk and in the last tag', async () => {
    const positions = [0, 1, 100, CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE - 1, ENCRYPTED_CHUNK_SIZE, 2 * ENCRYPTED_CHUNK_SIZE + 5, 3 * ENCRYPTED_CHUNK_SIZE + 1];
    const total = original.length - offset();
    for (const p of [...positions, total - 17, total - 1]) {
      const bytes = Buffer.from(original);
      bytes[offset() + p]! ^= 0x80;
      expect(await refusal(bytes)).toBe('TAMPERED');
    }
  });

  it('refuses a flip of any byte of the last chunk, which carries the manifest, the signature and the last tag', async () => {
    const total = original.length - offset();
    const lastChunk = Math.floor((total - 1) / ENCRYPTED_CHUNK_SIZE) * ENCRYPTED_CHUNK_SIZE;
    expect(total - lastChunk).toBeGreaterThan(1000);
    const codes = new Set<string>();
    for (let p = lastChunk; p < total; p++) {
      const bytes = Buffer.from(original);
      bytes[offset() + p]! ^= 1 << p % 8;
      codes.add(await refusal(bytes));
    }
    expect([...codes]).toEqual(['TAMPERED']);
  });

  it('refuses a seal cut at every chunk boundary (cut short) and between them', async () => {
    const total = original.length - offset();
    for (let boundary = ENCRYPTED_CHUNK_SIZE; boundary < total; boundary += ENCRYPTED_CHUNK_SIZE) {
      expect(await refusal(original.subarray(0, offset() + boundary))).toBe('TRUNCATED');
    }
    for (const cut of [0, 1, 15, 16, 17, ENCRYPTED_CHUNK_SIZE - 1, ENCRYPTED_CHUNK_SIZE + 1000, 2 * ENCRYPTED_CHUNK_SIZE + 17, total - 1]) {
      expect(await refusal(original.subarray(0, offset() + cut)), `cut ${cut} bytes into the payload`).toBe('TRUNCATED');
    }
    expect(await refusal(original.subarray(0, 20))).toBe('TRUNCATED');
  });

  it('refuses a seal cut anywhere inside its last chunk — in a file, the manifest, the signature or the tag — as cut short, not changed', async () => {
    const total = original.length - offset();
    const lastChunk = Math.floor((total - 1) / ENCRYPTED_CHUNK_SIZE) * ENCRYPTED_CHUNK_SIZE;
    const codes = new Map<number, ErrorCode>();
    for (let cut = lastChunk + 1; cut < total; cut += cut > total - 40 ? 1 : 7) codes.set(cut, await refusal(original.subarray(0, offset() + cut)));
    expect([...codes].filter(([, code]) => code !== 'TRUNCATED')).toEqual([]);
    expect(codes.size).toBeGreaterThan(150);
  });

  it('refuses trailing data, a repeated chunk, swapped chunks and a dropped middle chunk', async () => {
    const head = original.subarray(0, offset());
    const chunks: Buffer[] = [];
    for (let at = offset(); at < original.length; at += ENCRYPTED_CHUNK_SIZE) chunks.push(original.subarray(at, at + ENCRYPTED_CHUNK_SIZE));
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(await refusal(Buffer.concat([original, Buffer.from('extra')]))).toBe('TAMPERED');
    expect(await refusal(Buffer.concat([original, chunks[chunks.length - 1]!]))).toBe('TAMPERED');
    expect(await refusal(Buffer.concat([head, chunks[0]!, chunks[0]!, ...chunks.slice(1)]))).toBe('TAMPERED');
    expect(await refusal(Buffer.concat([head, chunks[1]!, chunks[0]!, ...chunks.slice(2)]))).toBe('TAMPERED');
    expect(await refusal(Buffer.concat([head, chunks[0]!, ...chunks.slice(2)]))).toBe('TAMPERED');
  });
});

describe('what a recipient could forge with the file key', () => {
  it('refuses contents changed and re-encrypted under the original signed manifest', async () => {
    const container = decryptContainer(original, fileKeyOf(original));
    const at = fileRecordHeader('report.txt', content.length).length + 10;
    const altered = Buffer.from(container);
    altered[at] = 0x62;
    expect(await refusal(craftSeal(altered, [legal]))).toBe('TAMPERED');
  });

  it('refuses a manifest altered after signing (the signature no longer matches)', async () => {
    const container = decryptContainer(original, fileKeyOf(original));
    const manifestStart = fileRecordHeader('report.txt', content.length).length + content.length;
    const manifestLength = container.readUInt32BE(manifestStart + 1);
    const manifest = parseManifestV1(container.subarray(manifestStart + 5, manifestStart + 5 + manifestLength));
    const forged = encodeCanonical({ ...manifest, createdAt: '2020-01-01T00:00:00.000Z' });
    const rebuilt = Buffer.concat([container.subarray(0, manifestStart), blobRecord(RECORD.manifest, forged), container.subarray(manifestStart + 5 + manifestLength)]);
    expect(await refusal(craftSeal(rebuilt, [legal]))).toBe('BAD_SIGNATURE');
  });

  it('refuses the high-S twin (r, n − s) of the valid signature, which OpenSSL accepts but Signet never makes', async () => {
    const container = decryptContainer(original, fileKeyOf(original));
    const manifestStart = fileRecordHeader('report.txt', content.length).length + content.length;
    const manifestLength = container.readUInt32BE(manifestStart + 1);
    const manifestBytes = container.subarray(manifestStart + 5, manifestStart + 5 + manifestLength);
    const signatureStart = manifestStart + 5 + manifestLength;
    const block = parseSignatureBlockV1(container.subarray(signatureStart + 5));
    const signature = Buffer.from(block.signature, 'base64');
    const twin = sTwin(signature);
    expect(isHighS(signature)).toBe(false);
    expect(isHighS(twin)).toBe(true);
    expect(verify('sha512', manifestBytes, signer.publicKey, twin)).toBe(true);
    const withSignature = (bytes: Buffer) =>
      craftSeal(Buffer.concat([container.subarray(0, signatureStart), blobRecord(RECORD.signature, encodeCanonical({ ...block, signature: bytes.toString('base64') }))]), [legal]);

    const control = join(work, 'high-s-control');
    await writeFile(`${control}.signet`, withSignature(signature));
    await openSealed({ input: `${control}.signet`, destination: control, unwrap: localUnwrapper([legal]), signerKey: signer.lookup });
    expect(await readdir(control)).toEqual(['report.txt']);

    const error = await refusalError(withSignature(twin));
    expect(error.code).toBe('BAD_SIGNATURE');
    expect(error.message).toContain('Do not trust this file');
    expect(error.message).toContain('not in the form Signet makes');
  });

  it('refuses a legitimately opened seal re-encrypted for someone else (surreptitious forwarding)', async () => {
    const container = decryptContainer(original, fileKeyOf(original));
    expect(await refusal(craftSeal(container, [finance]), [finance])).toBe('NOT_ADDRESSED_TO_YOU');
  });

  it("refuses a seal whose signer key is not the one this computer knows", async () => {
    const impostor = localSigner(signer.identity.keyArn);
    expect(await refusal(original, [legal], impostor.lookup)).toBe('SIGNER_KEY_CHANGED');
  });

  it('refuses hostile names before writing anything', async () => {
    for (const name of ['../escape.txt', '/etc/passwd', 'a/../../b', 'CON', 'nul.txt', 'a\\b', 'dir/./x', 'trailing.', 'x'.repeat(300)]) {
      const container = Buffer.concat([fileRecordHeader(name, 1), Buffer.from('x')]);
      expect(await refusal(craftSeal(container, [legal]))).toBe('UNSAFE_NAME');
    }
    const twice = Buffer.concat([fileRecordHeader('Same.txt', 1), Buffer.from('x'), fileRecordHeader('same.txt', 1), Buffer.from('y')]);
    expect(await refusal(craftSeal(twice, [legal]))).toBe('UNSAFE_NAME');
  });

  it('refuses Unicode look-alikes of paths, device names and other entries, and invisible characters', async () => {
    const lookalikes = [
      '\u2025/escape.txt', // two dot leader, folded to ".."
      '\uff0e\uff0e/escape.txt', // fullwidth full stops
      '..\u2215..\u2215etc\u2215passwd', // division slash
      'a\uff0fb', // fullwidth solidus
      'a\u29f5b', // reverse solidus operator
      'report\u202efdp.exe', // right-to-left override: shows as "reportexe.pdf"
      'zero\u200bwidth.txt',
      'soft\u00adhyphen.txt',
      'line\u2028break.txt',
      '\uff2e\uff35\uff2c', // fullwidth NUL
      'name\uff0e', // ends with a fullwidth full stop
    ];
    for (const name of lookalikes) {
      const container = Buffer.concat([fileRecordHeader(name, 1), Buffer.from('x')]);
      expect(await refusal(craftSeal(container, [legal])), JSON.stringify(name)).toBe('UNSAFE_NAME');
    }
    const twins = Buffer.concat([fileRecordHeader('file.txt', 1), Buffer.from('x'), fileRecordHeader('\uff46\uff49\uff4c\uff45.txt', 1), Buffer.from('y')]);
    expect(await refusal(craftSeal(twins, [legal]))).toBe('UNSAFE_NAME');
    // Each pair folds to one name (final sigma, sharp s); the third name is a control that
    // does not, so the seal fails only later, for want of a manifest.
    for (const [one, other, control] of [
      ['οδοσ.txt', 'οδος.txt', 'οδοι.txt'],
      ['ß.txt', 'SS.txt', 'S.txt'],
      ['folder/ẞ', 'folder/ss', 'folder/s'],
    ] as const) {
      const pair = (second: string) => Buffer.concat([fileRecordHeader(one, 1), Buffer.from('x'), fileRecordHeader(second, 1), Buffer.from('y')]);
      expect(await refusal(craftSeal(pair(other), [legal])), `${one} / ${other}`).toBe('UNSAFE_NAME');
      expect(await refusal(craftSeal(pair(control), [legal])), `${one} / ${control}`).not.toBe('UNSAFE_NAME');
    }
  });
});
