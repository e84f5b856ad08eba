import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateSha256 } from '../../../src/main/pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../../../src/main/pki/crl.js';
import { checkCertificate, type CertificateCheckInput } from '../../../src/main/pki/validatePath.js';
import { KeyUsageFlags, X509Certificate, X509CrlReason, type X509Crl } from '../../../src/main/pki/x509.js';
import {
  DOCUMENT_SIGNING,
  issue,
  makeCrl,
  makeIssuingCa,
  makePersonCertificate,
  makeRootCa,
  makeTestPki,
  p521Keys,
  pemOf,
  unknownCriticalExtension,
  withPemFolder,
  type Issued,
  type TestPki,
} from '../../support/pkiFixtures.js';

const DAY = 86_400_000;
let pki: TestPki;

beforeAll(async () => {
  pki = await makeTestPki();
});

const crls = (...items: X509Crl[]): ParsedCrl[] => items.map((crl) => parseCrl(pemOf(crl)));

/** The standard input for `leaf`: the issuing CA as intermediate, the pinned root, both current CRLs, now. */
function inputFor(leaf: Issued, overrides: Partial<CertificateCheckInput> = {}): CertificateCheckInput {
  return {
    leaf: leaf.certificate,
    intermediates: [pki.issuingCa.certificate],
    anchor: { rootSha256: certificateSha256(pki.root.certificate), root: pki.root.certificate },
    crls: crls(pki.rootCrl, pki.issuingCrl),
    at: new Date(),
    purpose: 'signing',
    ...overrides,
  };
}

async function expectFailure(input: CertificateCheckInput, code: string, detail: RegExp): Promise<void> {
  const result = await checkCertificate(input);
  expect(result).toMatchObject({ ok: false, code });
  expect(result.ok ? '' : result.detail).toMatch(detail);
}

/** What `openssl verify` says of the leaf with the given chain, root and (optionally) CRLs. */
async function opensslVerify(leaf: Issued, chain: Issued[], root: Issued, crlList: X509Crl[] = []): Promise<{ ok: boolean; output: string }> {
  return withPemFolder(async (_folder, write) => {
    const args = ['verify', '-CAfile', await write('root.pem', root.certificate), '-untrusted', await write('chain.pem', ...chain.map((c) => c.certificate))];
    if (crlList.length > 0) args.push('-crl_check_all', '-CRLfile', await write('crls.pem', ...crlList));
    args.push(await write('leaf.pem', leaf.certificate));
    try {
      const { stdout, stderr } = await promisify(execFile)('/usr/bin/openssl', args);
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string };
      return { ok: false, output: failed.stdout + failed.stderr };
    }
  });
}

describe('checkCertificate accepts what the profiles describe', () => {
  it('accepts a person certificate for signing, with revocation good, and openssl agrees', async () => {
    const result = await checkCertificate(inputFor(pki.person));
    expect(result).toMatchObject({ ok: true, revocation: { state: 'good' }, identity: { kind: 'person', displayName: 'Alice Example', team: 'Finance' } });
    expect(result.ok && result.chain.map((c) => c.subject)).toEqual([pki.person.certificate.subject, pki.issuingCa.certificate.subject, pki.root.certificate.subject]);
    const openssl = await opensslVerify(pki.person, [pki.issuingCa], pki.root, [pki.rootCrl, pki.issuingCrl]);
    expect(openssl).toMatchObject({ ok: true });
    expect(openssl.output).toMatch(/leaf\.pem: OK/);
  });

  it('accepts a team certificate for encryption', async () => {
    const result = await checkCertificate(inputFor(pki.team, { purpose: 'encryption' }));
    expect(result).toMatchObject({ ok: true, revocation: { state: 'good' }, identity: { kind: 'team', displayName: 'Finance' } });
  });

  it('finds the path when the intermediates include unrelated and duplicate certificates', async () => {
    const result = await checkCertificate(inputFor(pki.person, { intermediates: [pki.team.certificate, pki.issuingCa.certificate, pki.issuingCa.certificate] }));
    expect(result).toMatchObject({ ok: true });
  });
});

describe('checkCertificate names the first rule broken, in docs/TRUST.md order', () => {
  it('1. refuses a certificate with bytes after its DER as CERT_INVALID', async () => {
    const padded = new X509Certificate(new Uint8Array([...new Uint8Array(pki.person.certificate.rawData), 0]));
    await expectFailure(inputFor(pki.person, { leaf: padded }), 'CERT_INVALID', /trailing/);
  });

  it('2. refuses a root whose fingerprint is not the pinned one as CERT_UNTRUSTED', async () => {
    await expectFailure(inputFor(pki.person, { anchor: { rootSha256: '0'.repeat(64), root: pki.root.certificate } }), 'CERT_UNTRUSTED', /not the one the configuration pins/);
  });

  it('2. refuses a certificate with no path to the pinned root (another organisation) as CERT_UNTRUSTED, and openssl agrees', async () => {
    const otherRoot = await makeRootCa({ organisation: 'Other Org', keyName: 'other-root' });
    const otherCa = await makeIssuingCa(otherRoot, { organisation: 'Other Org', keyName: 'other-issuing' });
    const stranger = await makePersonCertificate(otherCa);
    await expectFailure(inputFor(stranger, { intermediates: [otherCa.certificate, pki.issuingCa.certificate] }), 'CERT_UNTRUSTED', /no chain/);
    expect(await opensslVerify(stranger, [otherCa], pki.root)).toMatchObject({ ok: false, output: expect.stringMatching(/unable to get (local )?issuer certificate/) });
  });

  it('2. refuses the path when the issuing CA is missing', async () => {
    await expectFailure(inputFor(pki.person, { intermediates: [] }), 'CERT_UNTRUSTED', /no chain/);
  });

  it('3. refuses a chain from another root with the same names (wrong root) as CERT_UNTRUSTED, and openssl agrees', async () => {
    const impostorRoot = await makeRootCa({ keyName: 'impostor-root' });
    const impostorCa = await makeIssuingCa(impostorRoot, { keyName: 'impostor-issuing' });
    const impostor = await makePersonCertificate(impostorCa);
    await expectFailure(inputFor(impostor, { intermediates: [impostorCa.certificate] }), 'CERT_UNTRUSTED', /signature on "CN=Example Org Issuing CA.*does not verify/);
    expect(await opensslVerify(impostor, [impostorCa], pki.root)).toMatchObject({ ok: false, output: expect.stringMatching(/signature failure|unable to get (local )?issuer/) });
  });

  it('3. refuses a leaf signed by a key other than its named issuer', async () => {
    const forger = await makeIssuingCa(pki.root, { keyName: 'forger' });
    const forged = await makePersonCertificate(forger);
    await expectFailure(inputFor(forged), 'CERT_UNTRUSTED', /signature on "CN=Alice Example.*does not verify/);
  });

  it('4. refuses an expired certificate as CERT_EXPIRED, and openssl agrees', async () => {
    const expired = await makePersonCertificate(pki.issuingCa, { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    await expectFailure(inputFor(expired), 'CERT_EXPIRED', /"CN=Alice Example.*expired at/);
    expect(await opensslVerify(expired, [pki.issuingCa], pki.root, [pki.rootCrl, pki.issuingCrl])).toMatchObject({
      ok: false,
      output: expect.stringMatching(/certificate has expired/),
    });
  });

  it('4. refuses a certificate not yet valid, and an expired issuing CA', async () => {
    const early = await makePersonCertificate(pki.issuingCa, { notBefore: new Date(Date.now() + DAY) });
    await expectFailure(inputFor(early), 'CERT_EXPIRED', /not valid before/);
    const oldCa = await makeIssuingCa(pki.root, { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    const underOld = await makePersonCertificate(oldCa);
    await expectFailure(inputFor(underOld, { intermediates: [oldCa.certificate] }), 'CERT_EXPIRED', /Issuing CA.*expired/);
  });

  it('4. checks validity at the given time, both ends included', async () => {
    const shortLived = await makePersonCertificate(pki.issuingCa, { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 10 * DAY) });
    const { notBefore, notAfter } = shortLived.certificate;
    expect(await checkCertificate(inputFor(shortLived, { at: notAfter }))).toMatchObject({ ok: true });
    expect(await checkCertificate(inputFor(shortLived, { at: notBefore }))).toMatchObject({ ok: true });
    await expectFailure(inputFor(shortLived, { at: new Date(notAfter.getTime() + 1000) }), 'CERT_EXPIRED', /Alice Example.*expired/);
    await expectFailure(inputFor(shortLived, { at: new Date(notBefore.getTime() - 1000) }), 'CERT_EXPIRED', /Alice Example.*not valid before/);
  });

  it('5. refuses a CA certificate as the leaf as CERT_WRONG_USAGE', async () => {
    await expectFailure(inputFor(pki.issuingCa, { intermediates: [] }), 'CERT_WRONG_USAGE', /is a CA certificate/);
  });

  it('5. refuses a chain longer than the issuing CA\'s path length 0 as CERT_UNTRUSTED', async () => {
    const subCa = await issue(pki.issuingCa, {
      subject: 'CN=Example Org Sub CA, O=Example Org',
      keys: await p521Keys('sub-ca'),
      extensions: (await makeIssuingCa(pki.root, { keyName: 'sub-ca' })).certificate.extensions.filter((e) => e.type !== '2.5.29.35'),
    });
    const leaf = await makePersonCertificate(subCa);
    await expectFailure(inputFor(leaf, { intermediates: [subCa.certificate, pki.issuingCa.certificate] }), 'CERT_UNTRUSTED', /allows 0 CA certificate\(s\) below it; the chain has 1/);
  });

  it('5. refuses a certificate signed by a person\'s (non-CA) certificate as CERT_UNTRUSTED', async () => {
    const underAlice = await issue(pki.person, {
      subject: 'CN=Mallory, OU=Finance, O=Example Org',
      keys: await p521Keys('mallory'),
      extensions: pki.person.certificate.extensions.filter((e) => e.type !== '2.5.29.35'),
    });
    await expectFailure(inputFor(underAlice, { intermediates: [pki.person.certificate, pki.issuingCa.certificate] }), 'CERT_UNTRUSTED', /"CN=Alice Example.*signed a certificate but is not a CA/);
  });

  it('6. refuses a team certificate for signing and a person certificate for encryption as CERT_WRONG_USAGE', async () => {
    await expectFailure(inputFor(pki.team), 'CERT_WRONG_USAGE', /not for signing/);
    await expectFailure(inputFor(pki.person, { purpose: 'encryption' }), 'CERT_WRONG_USAGE', /not for receiving: key usage lacks keyEncipherment/);
  });

  it('6. refuses a signing certificate without documentSigning or emailProtection', async () => {
    const noEku = await makePersonCertificate(pki.issuingCa, { extendedKeyUsage: [] });
    await expectFailure(inputFor(noEku), 'CERT_WRONG_USAGE', /extended key usage lacks documentSigning/);
    const onlyDocs = await makePersonCertificate(pki.issuingCa, { extendedKeyUsage: [DOCUMENT_SIGNING] });
    expect(await checkCertificate(inputFor(onlyDocs))).toMatchObject({ ok: true });
    const signOnly = await makePersonCertificate(pki.issuingCa, { keyUsage: KeyUsageFlags.digitalSignature });
    await expectFailure(inputFor(signOnly), 'CERT_WRONG_USAGE', /lacks digitalSignature and nonRepudiation/);
  });

  it('7. refuses an unknown critical extension as CERT_UNKNOWN_CRITICAL, and openssl agrees', async () => {
    const odd = await makePersonCertificate(pki.issuingCa, { extraExtensions: [unknownCriticalExtension()] });
    await expectFailure(inputFor(odd), 'CERT_UNKNOWN_CRITICAL', /1\.3\.6\.1\.4\.1\.55555\.1\.1/);
    expect(await opensslVerify(odd, [pki.issuingCa], pki.root)).toMatchObject({ ok: false, output: expect.stringMatching(/unhandled critical extension/) });
  });

  it('names the earliest broken rule when several are broken (expired and wrong usage → expired)', async () => {
    const both = await makePersonCertificate(pki.issuingCa, { notAfter: new Date(Date.now() - DAY), notBefore: new Date(Date.now() - 2 * DAY), keyUsage: KeyUsageFlags.keyEncipherment, extraExtensions: [unknownCriticalExtension()] });
    await expectFailure(inputFor(both), 'CERT_EXPIRED', /expired/);
  });

  it('refuses a certificate whose names carry invisible or control characters as CERT_INVALID', async () => {
    const spoof = await makePersonCertificate(pki.issuingCa, { displayName: 'Alice \u202eelpmaxE' });
    await expectFailure(inputFor(spoof), 'CERT_INVALID', /<U\+202E>/);
  });
});

describe('checkCertificate reports revocation from CRLs (step 8)', () => {
  it('reports a revoked leaf with serial, date and reason, and openssl agrees', async () => {
    const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    const crl = await makeCrl(pki.issuingCa, { number: 2, revoked: [{ serial: pki.person.certificate.serialNumber, reason: X509CrlReason.keyCompromise, revokedAt }] });
    const result = await checkCertificate(inputFor(pki.person, { crls: crls(pki.rootCrl, crl) }));
    expect(result).toMatchObject({ ok: true, revocation: { state: 'revoked', which: 'leaf', reason: 'keyCompromise', serial: pki.person.certificate.serialNumber.toLowerCase() } });
    expect(result.ok && result.revocation.state === 'revoked' && result.revocation.revokedAt.getTime()).toBe(revokedAt.getTime());
    expect(await opensslVerify(pki.person, [pki.issuingCa], pki.root, [pki.rootCrl, crl])).toMatchObject({ ok: false, output: expect.stringMatching(/certificate revoked/) });
  });

  it('reports a revoked issuing CA as revoked, which: ca', async () => {
    const rootCrl = await makeCrl(pki.root, { number: 2, revoked: [{ serial: pki.issuingCa.certificate.serialNumber }] });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(rootCrl, pki.issuingCrl) }))).toMatchObject({ ok: true, revocation: { state: 'revoked', which: 'ca' } });
  });

  it('reports unknown when a CRL is missing', async () => {
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(pki.rootCrl) }))).toMatchObject({ ok: true, revocation: { state: 'unknown', why: expect.stringMatching(/no revocation list from "CN=Example Org Issuing CA/) } });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(pki.issuingCrl) }))).toMatchObject({ ok: true, revocation: { state: 'unknown', why: expect.stringMatching(/Root CA/) } });
  });

  it('reports unknown when the newest CRL is past its nextUpdate, and good when a newer one is there', async () => {
    const stale = await makeCrl(pki.issuingCa, { number: 5, thisUpdate: new Date(Date.now() - 10 * DAY), nextUpdate: new Date(Date.now() - DAY) });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(pki.rootCrl, stale) }))).toMatchObject({ ok: true, revocation: { state: 'unknown', why: expect.stringMatching(/due to be replaced/) } });
    const fresh = await makeCrl(pki.issuingCa, { number: 6 });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(pki.rootCrl, stale, fresh) }))).toMatchObject({ ok: true, revocation: { state: 'good' } });
  });

  it('ignores a CRL with the issuer\'s name but another key (it cannot vouch either way)', async () => {
    const forger = await makeIssuingCa(pki.root, { keyName: 'crl-forger' });
    const forgedRevocation = await makeCrl(forger, { number: 9, revoked: [{ serial: pki.person.certificate.serialNumber }] });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(pki.rootCrl, forgedRevocation) }))).toMatchObject({ ok: true, revocation: { state: 'unknown' } });
  });

  it('ranks revoked above unknown when both apply', async () => {
    const rootCrl = await makeCrl(pki.root, { number: 3, revoked: [{ serial: pki.issuingCa.certificate.serialNumber }] });
    expect(await checkCertificate(inputFor(pki.person, { crls: crls(rootCrl) }))).toMatchObject({ ok: true, revocation: { state: 'revoked', which: 'ca' } });
  });
});
