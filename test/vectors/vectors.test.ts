// Reads the committed test vectors (docs/FORMAT.md, "Test vectors") and checks that
// Signet opens each one exactly as index.json says: the same entries and hashes, or
// the named refusal. The keys are the vectors' own test keys; KMS is not involved.
// Version 2 seals are trusted by a stand-in for the app's trust decision that only
// checks the chain's signatures up to the vectors' test root (testChain.ts) — and,
// for a seal with a trusted timestamp, the token itself (its signature and imprint,
// src/main/pki/timestamp.ts) and that the TSA's certificate chains to the same root.
import { constants, createHash, createPrivateKey, createPublicKey, privateDecrypt } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerMacMatches, parseHeader } from '../../src/main/format/header.js';
import { spkiFingerprint } from '../../src/main/keyring/keyring.js';
import { openSealed } from '../../src/main/engine/open.js';
import type { Unwrapper } from '../../src/main/engine/recipients.js';
import type { SignerKeyLookup, SignerTrust } from '../../src/main/engine/signature.js';
import { imprintMatches, readTimestampToken } from '../../src/main/pki/timestamp.js';
import { SignetError } from '../../src/shared/errors.js';
import { chainsTo, derOf } from './testChain.js';

interface Vector {
  file: string;
  description: string;
  recipientKey: string;
  version: 1 | 2;
  fileKey?: string;
  expect: { ok: true; entries: { type: string; path: string; size?: number; sha256?: string }[] } | { ok: false; error: string };
}

const here = new URL('.', import.meta.url).pathname;
const index = JSON.parse(await readFile(join(here, 'index.json'), 'utf8')) as { signer: { keyArn: string; publicKey: string; fingerprint: string }; root: string; vectors: Vector[] };
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-vectors-test-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const signerPublic = createPublicKey(await readFile(join(here, index.signer.publicKey), 'utf8'));
const signerLookup: SignerKeyLookup = async (arn) => {
  if (arn !== index.signer.keyArn) throw new SignetError('SIGNER_UNKNOWN');
  return { publicKey: signerPublic, fingerprint: spkiFingerprint(signerPublic.export({ type: 'spki', format: 'der' })), source: 'pinned', learnedAt: 'test vectors' };
};

const trustedByTestRoot = chainsTo(derOf(await readFile(join(here, index.root), 'utf8')));
const trust: SignerTrust = async ({ certificates, signatureBlock }) => {
  if (signatureBlock.timestamp !== undefined) {
    const token = readTimestampToken(Buffer.from(signatureBlock.timestamp, 'base64'));
    if (!imprintMatches(token, Buffer.from(signatureBlock.signature, 'base64'))) throw new SignetError('TAMPERED', undefined, 'the timestamp is over another signature');
    if (!trustedByTestRoot([Buffer.from(token.signer.rawData), ...certificates.slice(1)])) throw new SignetError('TIMESTAMP_INVALID', undefined, 'the test trust decision: no chain from the TSA to the vectors root');
  }
  const publicKey = trustedByTestRoot(certificates);
  if (!publicKey) throw new SignetError('SIGNER_UNKNOWN', undefined, 'the test trust decision: no chain to the vectors root');
  return { publicKey };
};

function unwrapperFor(keyFile: string): Unwrapper {
  return async (stanzas) => {
    const key = createPrivateKey(await readFile(join(here, keyFile), 'utf8'));
    for (const stanza of stanzas) {
      try {
        return { stanza, fileKey: privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, stanza.wrappedKey) };
      } catch {
        continue;
      }
    }
    throw new SignetError('NOT_FOR_YOU');
  };
}

describe('test vectors', () => {
  it('the index names the signer key by its fingerprint', () => {
    expect(spkiFingerprint(signerPublic.export({ type: 'spki', format: 'der' }))).toBe(index.signer.fingerprint);
    expect(index.vectors.filter((v) => v.version === 1).length).toBeGreaterThanOrEqual(50);
    expect(index.vectors.filter((v) => v.version === 2).length).toBeGreaterThanOrEqual(10);
  });

  for (const vector of index.vectors) {
    it(`${vector.file}: ${vector.description}`, async () => {
      const bytes = await readFile(join(here, vector.file));
      if (vector.fileKey) {
        const header = parseHeader(bytes);
        expect(header.version).toBe(vector.version);
        if (vector.expect.ok) expect(headerMacMatches(header, Buffer.from(vector.fileKey, 'hex'))).toBe(true);
      }
      const destination = join(work, vector.file);
      const outcome = await openSealed({ input: join(here, vector.file), destination, unwrap: unwrapperFor(vector.recipientKey), signerKey: signerLookup, trust }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if (!vector.expect.ok) {
        expect('error' in outcome && outcome.error).toBeInstanceOf(SignetError);
        expect(((outcome as { error: SignetError }).error).code).toBe(vector.expect.error);
        await expect(readdir(destination)).rejects.toMatchObject({ code: 'ENOENT' });
        return;
      }
      expect('result' in outcome, String((outcome as { error?: Error }).error)).toBe(true);
      const { result } = outcome as { result: { manifest: { entries: unknown[] } } };
      expect(result.manifest.entries).toEqual(vector.expect.entries);
      for (const entry of vector.expect.entries) {
        if (entry.type !== 'file') continue;
        const data = await readFile(join(destination, entry.path));
        expect(data.length).toBe(entry.size);
        expect(createHash('sha256').update(data).digest('hex')).toBe(entry.sha256);
      }
    });
  }
});
