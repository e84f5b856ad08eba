// Seal and open through the real path: Signet's sign-in, STS role sessions, KMS Sign,
// GetPublicKey and Decrypt via the AWS SDK over HTTP against the sandbox, the real
// file system and streams. Nothing is faked.
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsClientFor } from '../../../src/main/aws/clients.js';
import { kmsSign } from '../../../src/main/aws/kms.js';
import { PAYLOAD_CHUNK_SIZE } from '../../../src/main/format/constants.js';
import { createContext, type SignetContext } from '../../../src/main/services/context.js';
import { checkEvidence } from '../../../src/main/services/checkEvidence.js';
import { signerKeyLookup } from '../../../src/main/services/learnKeys.js';
import { openingTrust } from '../../../src/main/services/trust.js';
import { verdictOf } from '../../../src/main/services/verdict.js';
import { seal } from '../../../src/main/engine/seal.js';
import { pinnedKeyWrapper } from '../../../src/main/engine/recipients.js';
import { spkiFingerprint } from '../../../src/main/keyring/keyring.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { SignetError } from '../../../src/shared/errors.js';
import { isHighS } from '../../support/highS.js';
import { signedInOrganisation, type SignedInOrganisation } from '../../support/demoOrganisation.js';
import { adminCredentials, kmsClient, type TestSandbox } from '../../support/sandbox.js';

// The services seal version 2: the signer's certificate travels in the seal.
const CHUNK_SIZE = PAYLOAD_CHUNK_SIZE[2];

const run = promisify(execFile);
let sandbox: TestSandbox;
let work: string;
let alice: SignetContext;
let bob: SignetContext;
let carol: SignetContext;

let organisation: SignedInOrganisation;
beforeAll(async () => {
  organisation = await signedInOrganisation('signet-e2e-');
  ({ sandbox, work, alice, bob, carol } = organisation);
});
afterAll(() => organisation?.remove());

let n = 0;
const fresh = async (): Promise<string> => {
  const dir = join(work, `case-${n++}`);
  await mkdir(dir);
  return dir;
};

async function expectCode(promise: Promise<unknown>, code: string): Promise<SignetError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(SignetError);
  expect((error as SignetError).code).toBe(code);
  return error as SignetError;
}

describe('through the sandbox', () => {
  for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE]) {
    it(`seals as alice for Legal and opens as bob: ${size} bytes`, async () => {
      const dir = await fresh();
      const content = Buffer.alloc(size, 0x5a);
      await writeFile(join(dir, 'f.bin'), content);
      const sealed = await sealFiles(alice, { inputs: [join(dir, 'f.bin')], to: ['Legal'], output: join(dir, 'f.signet') });
      expect(sealed.manifest.signer.sessionArn).toBe('arn:aws:sts::111122223333:assumed-role/SignetSender/alice');
      expect(sealed.manifest.signer.sourceIdentity).toBe('alice');
      const opened = await openFile(bob, { input: join(dir, 'f.signet'), destination: join(dir, 'out') });
      expect((await readFile(join(dir, 'out', 'f.bin'))).equals(content)).toBe(true);
      expect(opened.signatureBlock.kmsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('seals a folder and a file for Legal and Finance; bob and carol can each open it', async () => {
    const dir = await fresh();
    await mkdir(join(dir, 'case', 'exhibits'), { recursive: true });
    await writeFile(join(dir, 'case', 'exhibits', 'a.pdf'), 'exhibit A');
    await writeFile(join(dir, 'case', 'brief.txt'), 'brief');
    await writeFile(join(dir, 'cover.txt'), 'cover');
    await sealFiles(carol, { inputs: [join(dir, 'case'), join(dir, 'cover.txt')], to: ['legal', 'Finance'], output: join(dir, 'bundle.signet') });
    for (const [who, ctx] of [['bob', bob], ['carol', carol]] as const) {
      await openFile(ctx, { input: join(dir, 'bundle.signet'), destination: join(dir, who) });
      expect(await readFile(join(dir, who, 'case', 'exhibits', 'a.pdf'), 'utf8')).toBe('exhibit A');
      expect(await readFile(join(dir, who, 'cover.txt'), 'utf8')).toBe('cover');
    }
  });

  it('lets a sender not open and a receiver not seal, saying which access is needed', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.txt'), 'x');
    await sealFiles(alice, { inputs: [join(dir, 'a.txt')], to: ['Legal'], output: join(dir, 'a.signet') });
    await expectCode(openFile(alice, { input: join(dir, 'a.signet'), destination: join(dir, 'out') }), 'NEEDS_RECEIVER_ACCESS');
    await expectCode(sealFiles(bob, { inputs: [join(dir, 'a.txt')], to: ['Legal'], output: join(dir, 'b.signet') }), 'NEEDS_SENDER_ACCESS');
    expect(await readdir(dir)).toEqual(['a.signet', 'a.txt']);
  });

  it('tells a receiver of another team that the file was not sealed for them', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.txt'), 'x');
    await sealFiles(alice, { inputs: [join(dir, 'a.txt')], to: ['Finance'], output: join(dir, 'a.signet') });
    await expectCode(openFile(bob, { input: join(dir, 'a.signet'), destination: join(dir, 'out') }), 'NOT_FOR_YOU');
    await expectCode(sealFiles(alice, { inputs: [join(dir, 'a.txt')], to: ['Marketing'], output: join(dir, 'c.signet') }), 'UNKNOWN_RECIPIENT');
  });

  it('writes evidence that stock OpenSSL and sha256sum accept, and that fails when one byte changes', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'contract.txt'), 'the contract');
    await sealFiles(alice, { inputs: [join(dir, 'contract.txt')], to: ['Legal'], output: join(dir, 'c.signet') });
    await openFile(bob, { input: join(dir, 'c.signet'), destination: join(dir, 'out'), evidence: join(dir, 'evidence') });
    const evidence = join(dir, 'evidence');
    const ok = await run('openssl', ['dgst', '-sha512', '-verify', 'signer.pem', '-signature', 'manifest.sig', 'manifest.json'], { cwd: evidence });
    expect(ok.stdout.trim()).toBe('Verified OK');
    const sums = await run('sha256sum', ['-c', join(evidence, 'files.sha256')], { cwd: join(dir, 'out') });
    expect(sums.stdout.trim()).toBe('contract.txt: OK');
    const verdict = JSON.parse(await readFile(join(evidence, 'verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({ verdict: 'authentic', signer: { sourceIdentity: 'alice' } });
    expect(await readFile(join(evidence, 'VERIFY.txt'), 'utf8')).toContain('openssl dgst -sha512 -verify signer.pem -signature manifest.sig manifest.json');
    // The audit log has the Sign call the evidence names, made by alice's session.
    const audit = (await readFile(join(sandbox.dir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.find((l) => l.requestId === verdict.kmsRequestId)).toMatchObject({ operation: 'Sign', sourceIdentity: 'alice', principal: verdict.signer.sessionArn });

    const manifest = await readFile(join(evidence, 'manifest.json'));
    manifest[10]! ^= 1;
    await writeFile(join(evidence, 'manifest.json'), manifest);
    await expect(run('openssl', ['dgst', '-sha512', '-verify', 'signer.pem', '-signature', 'manifest.sig', 'manifest.json'], { cwd: evidence })).rejects.toMatchObject({ stdout: expect.stringContaining('Verification failure') });
    await writeFile(join(dir, 'out', 'contract.txt'), 'the contracT');
    await expect(run('sha256sum', ['-c', join(evidence, 'files.sha256')], { cwd: join(dir, 'out') })).rejects.toMatchObject({ stdout: expect.stringContaining('FAILED') });
  });

  it('seals and writes evidence with low-S signatures only, though the sandbox (like KMS) often returns high S', async () => {
    const returned = await alice.identity.withSession('sender', async (session) => {
      const kms = kmsClientFor(alice.config, session.credentials);
      const signatures: Buffer[] = [];
      for (let i = 0; i < 16; i++) signatures.push((await kmsSign(kms, 'alias/signet/person/alice', randomBytes(64))).signature);
      return signatures;
    });
    expect(returned.some(isHighS), 'the sandbox returned no high-S signature in 16: this test would prove nothing').toBe(true);
    const dir = await fresh();
    await writeFile(join(dir, 'memo.txt'), 'memo');
    for (let i = 0; i < 8; i++) {
      await sealFiles(alice, { inputs: [join(dir, 'memo.txt')], to: ['Legal'], output: join(dir, `m${i}.signet`) });
      const opened = await openFile(bob, { input: join(dir, `m${i}.signet`), destination: join(dir, `out${i}`), evidence: join(dir, `evidence${i}`) });
      expect(isHighS(Buffer.from(opened.signatureBlock.signature, 'base64')), `seal ${i}`).toBe(false);
      expect(isHighS(await readFile(join(dir, `evidence${i}`, 'manifest.sig'))), `evidence ${i}`).toBe(false);
    }
  });

  it('refuses an evidence folder that already exists before opening anything', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'memo.txt'), 'memo');
    await sealFiles(alice, { inputs: [join(dir, 'memo.txt')], to: ['Legal'], output: join(dir, 'm.signet') });
    await mkdir(join(dir, 'evidence'));
    const error = await expectCode(openFile(bob, { input: join(dir, 'm.signet'), destination: join(dir, 'out'), evidence: join(dir, 'evidence') }), 'OUTPUT_EXISTS');
    expect(error.message).toBe(`${join(dir, 'evidence')} already exists. Choose a new folder for the evidence. Nothing was opened.`);
    expect((await readdir(dir)).sort()).toEqual(['evidence', 'm.signet', 'memo.txt']);
  });

  it("checks an evidence folder offline against this computer's root and revocation lists, and can't confirm on a computer that pins another root", async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'memo.txt'), 'memo');
    await sealFiles(alice, { inputs: [join(dir, 'memo.txt')], to: ['Legal'], output: join(dir, 'm.signet') });
    await openFile(bob, { input: join(dir, 'm.signet'), destination: join(dir, 'out'), evidence: join(dir, 'evidence') });
    const verdict = verdictOf((await checkEvidence(join(dir, 'evidence'), { signerKey: signerKeyLookup(bob, false), trust: openingTrust(bob, false), rootSha256: bob.config.trust?.rootSha256 })).checked);
    expect(verdict).toMatchObject({ verdict: 'authentic', format: 2, signer: { certified: { name: 'Alice Example', team: 'Finance', email: 'alice@example.org' }, sourceIdentity: 'alice' } });
    const elsewhere = { ...bob.config, trust: { rootSha256: 'ab'.repeat(32) } };
    const stranger = await createContext(elsewhere, await mkdtemp(join(work, 'stranger-')));
    await expectCode(checkEvidence(join(dir, 'evidence'), { signerKey: signerKeyLookup(stranger, false), trust: openingTrust(stranger, false), rootSha256: elsewhere.trust.rootSha256 }), 'CERT_UNTRUSTED');
  });

  it("opens a version 1 seal only against the organisation's signing key, and says the name in it is the sender's claim", async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.txt'), 'old');
    const session = await alice.identity.session('sender');
    const orgKey = await alice.kms.publicKey('sender', alice.config.signingKey);
    const legal = await bob.kms.publicKey('receiver', alice.config.recipients.find((r) => r.name === 'Legal')!.key);
    const sealV1 = (keyArn: string, spki: Buffer, sign: (digest: Buffer) => Promise<{ signature: Buffer; requestId: string }>, output: string) =>
      seal({
        inputs: [join(dir, 'a.txt')],
        recipients: [{ name: 'Legal', keyArn: legal.keyArn, wrap: pinnedKeyWrapper(createPublicKey({ key: legal.spki, format: 'der', type: 'spki' })) }],
        output,
        signer: { keyArn, publicKeySha256: spkiFingerprint(spki), sessionArn: session.sessionArn, sourceIdentity: 'alice', accountId: session.accountId },
        sign,
      });
    // Senders no longer sign with the shared key (trust v2); a version 1 seal made before is stood in for by the administrator's signature.
    await expect(alice.kms.sign(orgKey.keyArn, Buffer.alloc(64))).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    const administrator = kmsClient(sandbox, adminCredentials(sandbox));
    await sealV1(orgKey.keyArn, orgKey.spki, (digest) => kmsSign(administrator, orgKey.keyArn, digest), join(dir, 'old.signet'));
    const opened = await openFile(bob, { input: join(dir, 'old.signet'), destination: join(dir, 'out') });
    expect(verdictOf(opened)).toMatchObject({ verdict: 'claimed-name', format: 1, signer: { sourceIdentity: 'alice' } });
    expect(verdictOf(opened).signer.certified).toBeUndefined();
    // Alice's own key is pinned nowhere as the organisation's: a version 1 seal made with it is refused.
    const own = await alice.kms.publicKey('sender', 'alias/signet/person/alice');
    await sealV1(own.keyArn, own.spki, (digest) => alice.kms.sign(own.keyArn, digest), join(dir, 'forged.signet'));
    await expectCode(openFile(bob, { input: join(dir, 'forged.signet'), destination: join(dir, 'refused') }), 'SIGNER_UNKNOWN');
    expect(await readdir(dir)).not.toContain('refused');
  });
});
