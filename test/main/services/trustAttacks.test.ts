// The attacks that showed "Authentic" did not prove who sealed a file (issue 13), each
// tried again on trust v2 through the real path — Signet's sign-in, KMS over HTTP
// against the sandbox, the real file system — and each must now fail: a sender sealing
// as a colleague, a key with a certificate from a root of its own, and a revoked
// person sealing or being believed. The revocation is made with the AWS CLI v2 and
// judged by OpenSSL.
import { execFile } from 'node:child_process';
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedKeyWrapper } from '../../../src/main/engine/recipients.js';
import { seal, type SealRecipient } from '../../../src/main/engine/seal.js';
import { parseCertificate } from '../../../src/main/pki/certificates.js';
import type { SignetContext } from '../../../src/main/services/context.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { certify, refreshTrust, trustStoreFor } from '../../../src/main/services/trust.js';
import { verdictOf } from '../../../src/main/services/verdict.js';
import { trustStorePath } from '../../../src/main/trust/trustStore.js';
import { signerLabel } from '../../../src/shared/words.js';
import { awsCliV2 } from '../../support/awsCli.js';
import { signedInOrganisation, refusal, type SignedInOrganisation } from '../../support/demoOrganisation.js';
import { makeIssuingCa, makePersonCertificate, makeRootCa, p521Keys } from '../../support/pkiFixtures.js';
import { type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
let sandbox: TestSandbox;
let work: string;
let alice: SignetContext;
let bob: SignetContext;
let carol: SignetContext;

let organisation: SignedInOrganisation;
beforeAll(async () => {
  organisation = await signedInOrganisation('signet-attacks-');
  ({ sandbox, work, alice, bob, carol } = organisation);
  await writeFile(join(work, 'memo.txt'), 'the memo');
});
afterAll(() => organisation?.remove());


/** Legal, as a sender's computer knows it: its certificate from the trust file, checked. */
async function legalFor(ctx: SignetContext): Promise<SealRecipient> {
  const store = await trustStoreFor(ctx.config, ctx.home);
  await refreshTrust(ctx.config, store);
  const keyArn = ctx.config.recipients.find((r) => r.name === 'Legal')!.key;
  const certified = await certify(store, store.certificateForKey(keyArn)!, [], 'encryption');
  return { name: 'Legal', keyArn, certificateSha256: certified.certificateSha256, wrap: pinnedKeyWrapper(certified.publicKey) };
}

/** The administrator's AWS CLI v2, and the certificate recorded on a KMS key (its tag signet:certificate) as the CLI reads it. */
async function adminTools() {
  const env = { PATH: process.env.PATH, HOME: work, AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'), AWS_PROFILE: 'signet-admin' };
  const aws = async (...args: string[]) => (await run(awsCliV2(), ['--endpoint-url', sandbox.url, '--output', 'json', ...args], { env })).stdout;
  const arns = new Map<string, string>();
  const certificateArn = async (keyArn: string): Promise<string> => {
    if (!arns.has(keyArn)) {
      const tags = JSON.parse(await aws('kms', 'list-resource-tags', '--key-id', keyArn)).Tags as { TagKey: string; TagValue: string }[];
      arns.set(keyArn, tags.find((t) => t.TagKey === 'signet:certificate')!.TagValue);
    }
    return arns.get(keyArn)!;
  };
  const caArn = (keyArn: string): string => arns.get(keyArn)!.split('/certificate/')[0]!;
  const certificateOf = async (keyArn: string): Promise<{ Certificate: string; CertificateChain: string }> => {
    const arn = await certificateArn(keyArn);
    return JSON.parse(await aws('acm-pca', 'get-certificate', '--certificate-authority-arn', arn.split('/certificate/')[0]!, '--certificate-arn', arn));
  };
  /** The serial as `aws acm-pca revoke-certificate` takes it: hex pairs joined by colons. */
  const serialOf = async (keyArn: string): Promise<string> => parseCertificate((await certificateOf(keyArn)).Certificate).serialNumber.toLowerCase().match(/../g)!.join(':');
  return { aws, caArn, serialOf, certificateOf };
}

let n = 0;
const fresh = async (): Promise<string> => {
  const dir = join(work, `case-${n++}`);
  await mkdir(dir);
  return dir;
};

describe('a sender cannot seal as a colleague', () => {
  it("KMS refuses carol's session a Sign with alice's key", async () => {
    const aliceKey = (await alice.kms.publicKey('sender', 'alias/signet/person/alice')).keyArn;
    const error = await refusal(carol.kms.sign(aliceKey, Buffer.alloc(64, 7)));
    expect(error.code).toBe('ACCESS_DENIED');
  });

  it("a seal carol signs with her own key while claiming to be alice names carol; 'alice' is shown only as her claim", async () => {
    const dir = await fresh();
    const store = await trustStoreFor(carol.config, carol.home);
    await refreshTrust(carol.config, store);
    const own = await carol.kms.publicKey('sender', 'alias/signet/person/carol');
    const certified = await certify(store, store.certificateForKey(own.keyArn)!, [], 'signing');
    const session = await carol.identity.session('sender');
    await seal({
      inputs: [join(work, 'memo.txt')],
      recipients: [await legalFor(carol)],
      output: join(dir, 'claims-alice.signet'),
      // Everything the sealing client writes about the session, forged to say alice.
      signer: { keyArn: own.keyArn, sessionArn: session.sessionArn.replace(/\/carol$/, '/alice'), sourceIdentity: 'alice', accountId: session.accountId, certificates: certified.chainDer },
      sign: (digest) => carol.kms.sign(own.keyArn, digest),
    });
    const opened = await openFile(bob, { input: join(dir, 'claims-alice.signet'), destination: join(dir, 'out') });
    const verdict = verdictOf(opened);
    expect(verdict.verdict).toBe('authentic');
    expect(signerLabel(verdict.signer)).toBe('Carol Example, Finance');
    expect(verdict.signer.sourceIdentity).toBe('alice');
  });
});

describe('a key whose certificate does not lead to the organisation root', () => {
  it('is refused as CERT_UNTRUSTED: nothing is released, and nothing is added to what the computer trusts', async () => {
    const dir = await fresh();
    // Same names as the demo organisation's root and CA; only the keys differ.
    const foreignRoot = await makeRootCa({ organisation: 'Example Org (Signet demo)', keyName: 'impostor-root' });
    const foreignCa = await makeIssuingCa(foreignRoot, { organisation: 'Example Org (Signet demo)', keyName: 'impostor-ca' });
    const keys = await p521Keys('impostor');
    const keyArn = 'arn:aws:kms:eu-west-2:111122223333:key/99999999-8888-4777-8666-555555555555';
    const impostor = await makePersonCertificate(foreignCa, { keys, keyArn, displayName: 'Alice Example' });
    const privateKey: KeyObject = createPrivateKey({ key: Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
    await seal({
      inputs: [join(work, 'memo.txt')],
      recipients: [await legalFor(alice)],
      output: join(dir, 'impostor.signet'),
      signer: { keyArn, sessionArn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice', sourceIdentity: 'alice', accountId: '111122223333', certificates: [impostor.certificate, foreignCa.certificate].map((c) => Buffer.from(c.rawData)) },
      sign: async (digest) => ({ signature: nodeSign(null, digest, { key: privateKey, dsaEncoding: 'der' }), requestId: 'not-kms' }),
    });
    const storeBefore = await readFile(trustStorePath(bob.home), 'utf8').catch(() => 'absent');
    const keyringBefore = await readFile(join(bob.home, 'keyring.json'), 'utf8').catch(() => 'absent');
    const error = await refusal(openFile(bob, { input: join(dir, 'impostor.signet'), destination: join(dir, 'out') }));
    expect(error.code).toBe('CERT_UNTRUSTED');
    expect(error.message).toContain("Can't confirm whose key this is");
    expect(await readdir(dir)).toEqual(['impostor.signet']);
    expect(await readFile(trustStorePath(bob.home), 'utf8').catch(() => 'absent')).toBe(storeBefore);
    expect(await readFile(join(bob.home, 'keyring.json'), 'utf8').catch(() => 'absent')).toBe(keyringBefore);
  });
});

describe('a recipient team whose certificate was revoked', () => {
  it('is not sealed for: the seal is refused before anything is written', async () => {
    const dir = await fresh();
    const financeKey = alice.config.recipients.find((r) => r.name === 'Finance')!.key;
    const { aws, caArn, serialOf } = await adminTools();
    const serial = await serialOf(financeKey);
    await aws('acm-pca', 'revoke-certificate', '--certificate-authority-arn', caArn(financeKey), '--certificate-serial', serial, '--revocation-reason', 'SUPERSEDED');
    await refreshTrust(alice.config, await trustStoreFor(alice.config, alice.home));
    const error = await refusal(sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Finance'], output: join(dir, 'finance.signet') }));
    expect(error.code).toBe('CERT_REVOKED');
    expect(error.message).toBe("Signet can't seal for Finance: their certificate has been revoked. Nothing was sealed — ask IT.");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('a revoked person', () => {
  it("after `aws acm-pca revoke-certificate` and a CRL refresh: OpenSSL says revoked, Signet refuses her new seals and her earlier seal", async () => {
    const dir = await fresh();
    const earlier = join(dir, 'earlier.signet');
    await sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: earlier });

    const { aws, caArn, serialOf, certificateOf } = await adminTools();
    const aliceKey = (await alice.kms.publicKey('sender', 'alias/signet/person/alice')).keyArn;
    const serial = await serialOf(aliceKey);
    await aws('acm-pca', 'revoke-certificate', '--certificate-authority-arn', caArn(aliceKey), '--certificate-serial', serial, '--revocation-reason', 'KEY_COMPROMISE');
    const issued = await certificateOf(aliceKey);

    // A CRL refresh on alice's computer, then OpenSSL's own judgement with those CRLs.
    const store = await trustStoreFor(alice.config, alice.home);
    await refreshTrust(alice.config, store);
    const { anchor, crls } = store.material();
    await writeFile(join(dir, 'root.pem'), anchor!.root.toString('pem'));
    await writeFile(join(dir, 'chain.pem'), `${issued.CertificateChain}\n`);
    await writeFile(join(dir, 'alice.pem'), issued.Certificate);
    await writeFile(join(dir, 'crls.pem'), crls.map((crl) => `-----BEGIN X509 CRL-----\n${crl.der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END X509 CRL-----\n`).join(''));
    const verdict = await run('openssl', ['verify', '-crl_check_all', '-CRLfile', join(dir, 'crls.pem'), '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'alice.pem')]).then(
      ({ stdout }) => stdout,
      (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
    );
    expect(verdict).toContain('certificate revoked');

    const sealing = await refusal(sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: join(dir, 'after.signet') }));
    expect(sealing.code).toBe('CERT_REVOKED');
    expect(sealing.message).toContain('revoked your signing certificate');
    expect(await readdir(dir)).not.toContain('after.signet');

    // bob's computer learns of it with its next CRL (here: a refresh, as `signet trust refresh` does).
    await refreshTrust(bob.config, await trustStoreFor(bob.config, bob.home));
    const opening = await refusal(openFile(bob, { input: earlier, destination: join(dir, 'out') }));
    expect(opening.code).toBe('CERT_REVOKED');
    expect(opening.message).toMatch(/^Do not trust this file: your organisation revoked the sender's certificate on \d{1,2} \w{3} \d{4} \(the key was lost or exposed\)/);
    expect(await readdir(dir)).not.toContain('out');
  });
});
