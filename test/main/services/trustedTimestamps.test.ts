// Trusted timestamps through the real path (docs/TRUST.md, "Trusted time"): sealing as
// alice against the sandbox asks its RFC 3161 time-stamping authority for a token over
// the signature; OpenSSL's `ts -verify` judges that token on its own; and a seal with
// a token outlives its signer's certificate — revoked for a reason that is not a
// compromise, then expired — while the same seal without one does not. The sandbox's
// clock is moved with its admin API; this computer's checking time is passed in.
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCertifiedSignature, type VerifiedV2 } from '../../../src/main/engine/signature.js';
import { parseCertificate } from '../../../src/main/pki/certificates.js';
import type { SignetContext } from '../../../src/main/services/context.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { openingTrust, refreshTrust, timestampFile, trustStoreFor, type ProvenSigner } from '../../../src/main/services/trust.js';
import { isCertified, sealedAtText, verdictOf } from '../../../src/main/services/verdict.js';
import { awsCliV2 } from '../../support/awsCli.js';
import { signedInOrganisation, refusal, type SignedInOrganisation } from '../../support/demoOrganisation.js';
import { adminCall, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
const DAY_S = 86_400;
let sandbox: TestSandbox;
let work: string;
let alice: SignetContext;
let bob: SignetContext;
let carol: SignetContext;

let organisation: SignedInOrganisation;
beforeAll(async () => {
  organisation = await signedInOrganisation('signet-timestamps-');
  ({ sandbox, work, alice, bob, carol } = organisation);
  await writeFile(join(work, 'memo.txt'), 'the memo');
});
afterAll(() => organisation?.remove());

let n = 0;
const fresh = async (): Promise<string> => {
  const dir = join(work, `case-${n++}`);
  await mkdir(dir);
  return dir;
};


/** The same person with a configuration that names no time-stamping authority. */
const withoutTimestamps = (ctx: SignetContext): SignetContext => ({ ...ctx, config: { ...ctx.config, trust: { ...ctx.config.trust!, timestamps: undefined } } });

/** Seals the memo as `ctx` for Legal and opens it as bob: the checked seal. */
async function sealAndOpen(ctx: SignetContext, dir: string, name: string): Promise<VerifiedV2<ProvenSigner>> {
  await sealFiles(ctx, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: join(dir, `${name}.signet`) });
  const opened = await openFile(bob, { input: join(dir, `${name}.signet`), destination: join(dir, `${name}-out`) });
  if (!isCertified(opened)) throw new Error('expected a version 2 seal');
  return opened;
}

/** openssl's answer, whether it succeeded or not. */
const openssl = (...args: string[]): Promise<{ ok: boolean; out: string }> =>
  run('openssl', args).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
    (error: { stdout: string; stderr: string }) => ({ ok: false, out: error.stdout + error.stderr }),
  );

/** The demo root and issuing CA as PEM files in `dir`, as a third party gets them. */
async function trustFiles(dir: string): Promise<{ root: string; chain: string }> {
  const pki = sandbox.store.state.demoPki!;
  await writeFile(join(dir, 'root.pem'), alice.config.trust!.rootCertificate!);
  await writeFile(join(dir, 'chain.pem'), sandbox.store.state.certificateAuthorities[pki.issuingCaId]!.certificatePem!);
  return { root: join(dir, 'root.pem'), chain: join(dir, 'chain.pem') };
}

describe('a seal made against the sandbox', () => {
  it('carries a token from the sandbox TSA that `openssl ts -verify` accepts over the seal\'s signature, and refuses after one changed byte', async () => {
    const dir = await fresh();
    const opened = await sealAndOpen(alice, dir, 'memo');
    expect(opened.signatureBlock.timestamp).toBeDefined();
    const { root, chain } = await trustFiles(dir);
    await writeFile(join(dir, 'manifest.sig'), opened.signature);
    await writeFile(join(dir, 'timestamp.tsr'), timestampFile(opened.signatureBlock)!);

    const verify = (data: string, reply: string) => openssl('ts', '-verify', '-in', reply, '-data', data, '-CAfile', root, '-untrusted', chain);
    const good = await verify(join(dir, 'manifest.sig'), join(dir, 'timestamp.tsr'));
    expect(good.out).toContain('Verification: OK');
    expect(good.ok).toBe(true);

    const changedSignature = Buffer.from(opened.signature);
    changedSignature[20]! ^= 0x01;
    await writeFile(join(dir, 'changed.sig'), changedSignature);
    const otherData = await verify(join(dir, 'changed.sig'), join(dir, 'timestamp.tsr'));
    expect(otherData.ok).toBe(false);
    expect(otherData.out).toContain('message imprint mismatch');

    const token = timestampFile(opened.signatureBlock)!;
    const genTime = token.indexOf(Buffer.from(new Date(verdictOf(opened).timestamp!.genTime).toISOString().slice(0, 4)));
    token[genTime + 3]! ^= 0x01;
    await writeFile(join(dir, 'changed.tsr'), token);
    const otherToken = await verify(join(dir, 'manifest.sig'), join(dir, 'changed.tsr'));
    expect(otherToken.ok).toBe(false);
  });

  it("opens saying when it was sealed on the TSA's word, and the certificate was checked at that time", async () => {
    const dir = await fresh();
    const verdict = verdictOf(await sealAndOpen(alice, dir, 'memo'));
    expect(verdict.verdict).toBe('authentic');
    expect(verdict.timestamp?.authority).toBe(`${alice.config.organisation} Time-Stamping Authority`);
    expect(Math.abs(Date.parse(verdict.timestamp!.genTime) - Date.parse(verdict.sealedAt))).toBeLessThan(5_000);
    expect(sealedAtText(verdict)).toBe(`Sealed at ${verdict.timestamp!.genTime} (trusted timestamp from ${alice.config.organisation} Time-Stamping Authority)`);
    expect(verdict.checkedWith).toContain(`checked at the trusted time ${verdict.timestamp!.genTime}`);

    const plain = verdictOf(await sealAndOpen(withoutTimestamps(alice), dir, 'plain'));
    expect(plain.timestamp).toBeUndefined();
    expect(sealedAtText(plain)).toBe(`Sealed at ${plain.sealedAt} (the sender's own clock)`);
  });

  it("refuses a token taken from another seal: its imprint is another signature's", async () => {
    const dir = await fresh();
    const first = await sealAndOpen(alice, dir, 'first');
    const second = await sealAndOpen(alice, dir, 'second');
    const swapped = { ...first.signatureBlock, timestamp: second.signatureBlock.timestamp };
    const error = await refusal(verifyCertifiedSignature(first.manifestBytes, swapped, openingTrust(bob, false)));
    expect(error.code).toBe('TAMPERED');
    expect(error.detail).toContain('over another signature');
  });

  it('is not made when the configured TSA cannot be reached: nothing is saved, and the person is told why', async () => {
    const dir = await fresh();
    const unreachable = { ...alice, config: { ...alice.config, trust: { ...alice.config.trust!, timestamps: 'http://127.0.0.1:9/tsa' } } };
    const error = await refusal(sealFiles(unreachable, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: join(dir, 'memo.signet') }));
    expect(error.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(error.message).toBe("Signet couldn't get a trusted timestamp from your organisation's time-stamping service, so nothing was sealed. Try again in a few minutes; if it keeps happening, ask IT.");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('a year later, the signer revoked and their certificate expired', () => {
  it('a timestamped seal is still authentic at its trusted time and says so; the same seal without a timestamp is not; a compromised key refuses both', async () => {
    const dir = await fresh();
    const stamped = await sealAndOpen(alice, dir, 'stamped');
    const unstamped = await sealAndOpen(withoutTimestamps(alice), dir, 'unstamped');
    const compromised = await sealAndOpen(carol, dir, 'compromised');

    // A revocation dated in the very second of a timestamp is not after it: let one pass.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // IT revokes alice (she changed team) and carol (her key was exposed) with the AWS CLI v2.
    const env = { PATH: process.env.PATH, HOME: work, AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'), AWS_PROFILE: 'signet-admin' };
    const caArn = sandbox.store.state.certificateAuthorities[sandbox.store.state.demoPki!.issuingCaId]!.arn;
    const revoke = async (seal: VerifiedV2<ProvenSigner>, reason: string) => {
      const serial = parseCertificate(seal.certificates[0]!).serialNumber.toLowerCase().match(/../g)!.join(':');
      await run(awsCliV2(), ['--endpoint-url', sandbox.url, 'acm-pca', 'revoke-certificate', '--certificate-authority-arn', caArn, '--certificate-serial', serial, '--revocation-reason', reason], { env });
    };
    await revoke(stamped, 'AFFILIATION_CHANGED');
    await revoke(compromised, 'KEY_COMPROMISE');

    // 400 days on: the sandbox's clock, and the time bob's computer checks at.
    const advance = await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 400 * DAY_S });
    expect(advance.status).toBe(200);
    const later = new Date(Date.now() + 400 * DAY_S * 1000 + 60_000);
    const aliceNotAfter = parseCertificate(stamped.certificates[0]!).notAfter;
    expect(later > aliceNotAfter).toBe(true);
    await refreshTrust(bob.config, await trustStoreFor(bob.config, bob.home));

    const verdict = verdictOf(await verifyCertifiedSignature(stamped.manifestBytes, stamped.signatureBlock, openingTrust(bob, false, later)), later);
    expect(verdict.verdict).toBe('authentic');
    expect(verdict.revokedAfterSealing).toMatchObject({ reason: 'affiliationChanged' });
    expect(sealedAtText(verdict)).toMatch(/^Sealed at \d{4}-\d{2}-\d{2}T[\d:.]+Z \(trusted timestamp from .+ Time-Stamping Authority\)$/);

    const withoutTime = await refusal(verifyCertifiedSignature(unstamped.manifestBytes, unstamped.signatureBlock, openingTrust(bob, false, later)));
    expect(withoutTime.code).toBe('CERT_EXPIRED');

    const exposed = await refusal(verifyCertifiedSignature(compromised.manifestBytes, compromised.signatureBlock, openingTrust(bob, false, later)));
    expect(exposed.code).toBe('CERT_REVOKED');
    expect(exposed.message).toContain('the key was lost or exposed');
  });
});
