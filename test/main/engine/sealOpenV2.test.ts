// Version 2 seals through the engine: sealing with a certificate chain, opening with
// an injected trust decision. The trust decision here is a test stand-in that checks
// only that the chain is signed up to a test root (test/vectors/testChain.ts); the app's
// is src/main/pki. KMS is faked with local keys (test/support/localKeys.ts).
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_CHUNK_SIZE, TAG_SIZE } from '../../../src/main/format/constants.js';
import { parseHeader } from '../../../src/main/format/header.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal, type CertifiedSigner } from '../../../src/main/engine/seal.js';
import type { SignerClaim, SignerTrust } from '../../../src/main/engine/signature.js';
import { SignetError } from '../../../src/shared/errors.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';
import { chainsTo, issue, makeRoot } from '../../vectors/testChain.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const p521 = () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;

let work: string;
const signer = localSigner();
let legal: LocalRecipient;
let certified: CertifiedSigner;
let trustedByRoot: (certificates: Buffer[]) => KeyObject | undefined;
const claims: SignerClaim[] = [];
const trust: SignerTrust<{ publicKey: KeyObject; subject: string }> = async (claim) => {
  claims.push(claim);
  const publicKey = trustedByRoot(claim.certificates);
  if (!publicKey) throw new SignetError('SIGNER_UNKNOWN', undefined, 'test trust: no chain to the test root');
  return { publicKey, subject: 'the test signer' };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-engine-v2-'));
  const root = await makeRoot(p521());
  const issuingKey = p521();
  const issuingName = 'CN=Engine Test Issuing CA';
  const issuing = { privateKey: issuingKey, name: issuingName, der: await issue(root, issuingKey, issuingName, '02', true) };
  legal = localRecipient('Legal', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000000b');
  legal.certificateSha256 = sha256(await issue(issuing, legal.privateKey, 'CN=Legal', '20'));
  const { keyArn, sessionArn, sourceIdentity, accountId } = signer.identity;
  certified = { keyArn, sessionArn, sourceIdentity, accountId, certificates: [await issue(issuing, signer.privateKey, 'CN=Alice', '10'), issuing.der] };
  trustedByRoot = chainsTo(root.der);
});
afterAll(() => rm(work, { recursive: true, force: true }));

let counter = 0;
async function sealed(content: Buffer, overrides: Partial<CertifiedSigner> = {}): Promise<string> {
  const dir = join(work, String(counter++));
  await mkdir(dir);
  await writeFile(join(dir, 'data.bin'), content);
  await seal({ inputs: [join(dir, 'data.bin')], output: join(dir, 'data.signet'), recipients: [legal], signer: { ...certified, ...overrides }, sign: signer.sign });
  return join(dir, 'data.signet');
}

const refusal = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'opened', (e: unknown) => (e instanceof SignetError ? e.code : String(e)));

describe('version 2 seals', () => {
  it('seals with magic version 2 and the version 2 chunk size, and opens with what the trust decision returned', async () => {
    const content = Buffer.alloc(PAYLOAD_CHUNK_SIZE[2] * 2 + 10, 0x62);
    const input = await sealed(content);
    const bytes = await readFile(input);
    const header = parseHeader(bytes);
    expect(bytes[7]).toBe(2);
    expect(header.version).toBe(2);
    // Three chunks of content plus the manifest and signature records: the first two are full.
    const payload = (await stat(input)).size - header.payloadOffset;
    expect(Math.ceil(payload / (PAYLOAD_CHUNK_SIZE[2] + TAG_SIZE))).toBe(3);
    claims.length = 0;
    const result = await openSealed({ input, destination: join(work, 'out-ok'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup, trust });
    expect(await readFile(join(work, 'out-ok', 'data.bin'))).toEqual(content);
    expect('certificates' in result && result.signer.subject).toBe('the test signer');
    expect(result.manifest.format).toBe('signet-manifest/2');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.manifest.signer.certificateSha256).toBe(sha256(certified.certificates[0]!));
    expect(claims[0]!.certificates).toEqual(certified.certificates);
    expect(claims[0]!.manifest.recipients).toEqual([{ name: 'Legal', keyArn: legal.keyArn, certificateSha256: legal.certificateSha256 }]);
  });

  it('releases nothing when the trust decision refuses, and passes its error on', async () => {
    const input = await sealed(Buffer.from('x'), { certificates: [await issue(await makeRoot(p521()), signer.privateKey, 'CN=Mallory CA Alice', '66')] });
    const destination = join(work, 'out-untrusted');
    expect(await refusal(openSealed({ input, destination, unwrap: localUnwrapper([legal]), signerKey: signer.lookup, trust }))).toBe('SIGNER_UNKNOWN');
    await expect(readdir(destination)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is refused as UNSUPPORTED_VERSION, before any key is unwrapped, by a caller without a trust decision', async () => {
    const input = await sealed(Buffer.from('x'));
    let unwrapped = false;
    const unwrap = localUnwrapper([legal]);
    const outcome = await refusal(
      openSealed({
        input,
        destination: join(work, 'out-no-trust'),
        unwrap: (stanzas) => {
          unwrapped = true;
          return unwrap(stanzas);
        },
        signerKey: signer.lookup,
      }),
    );
    expect(outcome).toBe('UNSUPPORTED_VERSION');
    expect(unwrapped).toBe(false);
  });

  it('is refused as BAD_SIGNATURE when the trust decision gives a key that did not sign', async () => {
    const input = await sealed(Buffer.from('x'));
    const otherKey = localSigner().publicKey;
    expect(await refusal(openSealed({ input, destination: join(work, 'out-other'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup, trust: async () => ({ publicKey: otherKey }) }))).toBe('BAD_SIGNATURE');
  });

  it('opens version 1 seals with the pinned key even when a trust decision is given, without calling it', async () => {
    const dir = join(work, 'v1');
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'v1');
    await seal({ inputs: [join(dir, 'a.txt')], output: join(dir, 'a.signet'), recipients: [legal], signer: signer.identity, sign: signer.sign });
    claims.length = 0;
    const result = await openSealed({ input: join(dir, 'a.signet'), destination: join(dir, 'out'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup, trust });
    expect(result.manifest.format).toBe('signet-manifest/1');
    expect(claims).toHaveLength(0);
  });

  it.each([
    ['no certificates', { certificates: [] }],
    ['five certificates', { certificates: 'five' }],
  ])('refuses to seal with %s, before reading anything', async (_what, change) => {
    const certificates = change.certificates === 'five' ? Array.from({ length: 5 }, () => certified.certificates[0]!) : [];
    expect(await refusal(sealed(Buffer.from('x'), { certificates }))).toBe('SERVICE_ERROR');
  });

  it('refuses to seal for a recipient without a certificate hash', async () => {
    const dir = join(work, 'no-cert');
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'x');
    const bare = localRecipient('Finance', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000000c');
    const error = await seal({ inputs: [join(dir, 'a.txt')], output: join(dir, 'a.signet'), recipients: [legal, bare], signer: certified, sign: signer.sign }).then(
      () => undefined,
      (e: unknown) => e as SignetError,
    );
    expect(error?.code).toBe('SERVICE_ERROR');
    expect(error?.detail).toContain('recipients.1.certificateSha256');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});
