import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { p521 } from '@noble/curves/nist.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCsr, buildEncryptionKeyCsr } from '../../../src/main/pki/csr.js';

const SUBJECT = 'CN=Alice Example, OU=Finance, O=Example Org';
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'signet-csr-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Signs a digest as KMS Sign with MessageType DIGEST does: no further hashing, DER out. */
function digestSigner(privateKey: KeyObject) {
  const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return async (digest: Buffer) => Buffer.from(p521.sign(digest, secret, { prehash: false, format: 'der' }));
}

const spkiOf = (key: KeyObject): Buffer => createPublicKey(key).export({ type: 'spki', format: 'der' });

async function openssl(pem: string, ...args: string[]): Promise<{ ok: boolean; output: string }> {
  const path = join(folder, 'request.pem');
  await writeFile(path, pem);
  try {
    const { stdout, stderr } = await promisify(execFile)('/usr/bin/openssl', ['req', '-in', path, '-noout', ...args]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return { ok: false, output: failed.stdout + failed.stderr };
  }
}

describe('buildCsr', () => {
  it('makes a request openssl verifies, for the given key and subject, signed ecdsa-with-SHA512 through the digest signer', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const pem = await buildCsr({ subject: SUBJECT, publicKeySpki: spkiOf(privateKey), sign: digestSigner(privateKey) });
    expect(await openssl(pem, '-verify')).toMatchObject({ ok: true, output: expect.stringMatching(/verify OK/i) });
    const publicKey = await openssl(pem, '-pubkey');
    expect(createPublicKey(publicKey.output.slice(publicKey.output.indexOf('-----BEGIN'))).export({ type: 'spki', format: 'der' })).toEqual(spkiOf(privateKey));
    expect((await openssl(pem, '-subject')).output).toMatch(/CN ?= ?Alice Example, OU ?= ?Finance, O ?= ?Example Org/);
    expect((await openssl(pem, '-text')).output).toMatch(/Signature Algorithm: ecdsa-with-SHA512/);
  });

  it('refuses a signer that signs with a key other than the one in the request', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
    await expect(buildCsr({ subject: SUBJECT, publicKeySpki: spkiOf(privateKey), sign: digestSigner(other) })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('buildEncryptionKeyCsr', () => {
  it('carries the RSA key and subject, and its signature (by a throwaway key) does not verify with that key', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const pem = await buildEncryptionKeyCsr({ subject: 'CN=Finance, O=Example Org', publicKeySpki: spki });
    const shown = await openssl(pem, '-pubkey');
    expect(createPublicKey(shown.output.slice(shown.output.indexOf('-----BEGIN'))).export({ type: 'spki', format: 'der' })).toEqual(spki);
    expect((await openssl(pem, '-subject')).output).toMatch(/CN ?= ?Finance, O ?= ?Example Org/);
    // The point of the module comment: this request proves nothing about possession.
    expect(await openssl(pem, '-verify')).toMatchObject({ ok: false, output: expect.stringMatching(/wrong public key type/) });
  });
});
