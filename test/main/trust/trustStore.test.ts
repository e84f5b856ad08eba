import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { certificateSha256 } from '../../../src/main/pki/certificates.js';
import { openTrustStore, trustStorePath, type TrustStore } from '../../../src/main/trust/trustStore.js';
import type { X509Certificate, X509Crl } from '../../../src/main/pki/x509.js';
import {
  PERSON_KEY_ARN,
  TEAM_KEY_ARN,
  makeCrl,
  makeIssuingCa,
  makePersonCertificate,
  makeRootCa,
  makeTeamCertificate,
  makeTestPki,
  rsaKeys,
  pemOf,
  unknownCriticalExtension,
  type TestPki,
} from '../../support/pkiFixtures.js';

let pki: TestPki;
let home: string;
let pinned: string;

beforeAll(async () => {
  pki = await makeTestPki();
  pinned = certificateSha256(pki.root.certificate);
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'signet-trust-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

interface FileParts {
  certificates?: X509Certificate[];
  crls?: X509Crl[];
  rootSha256?: string;
}

function trustFile(parts: FileParts = {}): string {
  return JSON.stringify({
    format: 'signet-trust/1',
    organisation: 'Example Org',
    rootSha256: parts.rootSha256 ?? pinned,
    certificates: (parts.certificates ?? [pki.root.certificate, pki.issuingCa.certificate, pki.person.certificate, pki.team.certificate]).map(pemOf),
    crls: (parts.crls ?? [pki.rootCrl, pki.issuingCrl]).map(pemOf),
  });
}

const open = (rootCertificate?: string): Promise<TrustStore> => openTrustStore(home, rootCertificate === undefined ? { rootSha256: pinned } : { rootSha256: pinned, rootCertificate });

const storeBytes = (): Promise<Buffer | undefined> => readFile(trustStorePath(home)).catch(() => undefined);

/** Expects `attempt` to be refused with `code` and a detail matching `detail`, and the store file to be byte-identical afterwards. */
async function expectRefused(attempt: () => Promise<unknown>, code: string, detail: RegExp): Promise<void> {
  const before = await storeBytes();
  await expect(attempt()).rejects.toMatchObject({ code, detail: expect.stringMatching(detail) });
  expect(await storeBytes()).toEqual(before);
}

describe('importTrustFile', () => {
  it('admits the root, CA, person and team certificates and the CRLs, and keeps them across opening again', async () => {
    const store = await open();
    expect(store.material().anchor).toBeUndefined();
    expect(await store.importTrustFile(trustFile())).toEqual({ certificates: 3, crls: 2 });
    const reopened = (await open()).material();
    expect(reopened.anchor && certificateSha256(reopened.anchor.root)).toBe(pinned);
    expect(reopened.intermediates.map(certificateSha256)).toEqual([certificateSha256(pki.issuingCa.certificate)]);
    expect(reopened.certificates.map(certificateSha256).sort()).toEqual([pki.person.certificate, pki.team.certificate].map(certificateSha256).sort());
    expect(reopened.crls.map((crl) => crl.number)).toEqual([1n, 1n]);
    expect(certificateSha256((await open()).certificateForKey(TEAM_KEY_ARN)!)).toBe(certificateSha256(pki.team.certificate));
    expect(await store.importTrustFile(trustFile())).toEqual({ certificates: 0, crls: 0 });
  });

  it('takes the root from the configuration when the file leaves it out', async () => {
    const store = await open(pemOf(pki.root.certificate));
    expect(await store.importTrustFile(trustFile({ certificates: [pki.issuingCa.certificate, pki.person.certificate] }))).toEqual({ certificates: 2, crls: 2 });
  });

  it('refuses a configuration whose root certificate does not have the pinned fingerprint', async () => {
    const other = await makeRootCa({ keyName: 'config-other-root' });
    await expect(open(pemOf(other.certificate))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('refuses a file for another root, and a file without any root', async () => {
    const store = await open();
    await expectRefused(() => store.importTrustFile(trustFile({ rootSha256: 'a'.repeat(64) })), 'TRUST_FILE_INVALID', /another root/);
    await expectRefused(() => store.importTrustFile(trustFile({ certificates: [pki.issuingCa.certificate] })), 'TRUST_FILE_INVALID', /does not carry/);
    expect(store.material().anchor).toBeUndefined();
  });

  it('refuses the whole file when one certificate comes from another root, naming it, and keeps the store byte-identical', async () => {
    const store = await open();
    await store.importTrustFile(trustFile());
    const impostorCa = await makeIssuingCa(await makeRootCa({ keyName: 'store-impostor-root' }), { keyName: 'store-impostor-ca' });
    const bob = await makePersonCertificate(impostorCa, { displayName: 'Bob Example', keyArn: PERSON_KEY_ARN.replace('0f1e', '9f1e') });
    const file = trustFile({ certificates: [pki.root.certificate, pki.issuingCa.certificate, impostorCa.certificate, bob.certificate] });
    await expectRefused(() => store.importTrustFile(file), 'TRUST_FILE_INVALID', /certificate "CN=Example Org Issuing CA.*signature/);
  });

  it('refuses a revoked certificate, naming it, and stores nothing from that file', async () => {
    const store = await open();
    await store.importTrustFile(trustFile({ certificates: [pki.root.certificate, pki.issuingCa.certificate] }));
    const revokedCrl = await makeCrl(pki.issuingCa, { number: 2, revoked: [{ serial: pki.person.certificate.serialNumber }] });
    await expectRefused(() => store.importTrustFile(trustFile({ crls: [pki.rootCrl, revokedCrl] })), 'TRUST_FILE_INVALID', /"CN=Alice Example.*is revoked/);
    expect(store.material().crls.map((crl) => crl.number)).toEqual([1n, 1n]);
    expect(store.certificateForKey(TEAM_KEY_ARN)).toBeUndefined();
  });

  it('refuses an expired certificate and one with an unknown critical extension', async () => {
    const store = await open();
    const expired = await makePersonCertificate(pki.issuingCa, { notBefore: new Date(Date.now() - 9e8), notAfter: new Date(Date.now() - 1e8) });
    await expectRefused(() => store.importTrustFile(trustFile({ certificates: [pki.root.certificate, pki.issuingCa.certificate, expired.certificate] })), 'TRUST_FILE_INVALID', /Alice Example.*expired/);
    const odd = await makePersonCertificate(pki.issuingCa, { extraExtensions: [unknownCriticalExtension()] });
    await expectRefused(() => store.importTrustFile(trustFile({ certificates: [pki.root.certificate, pki.issuingCa.certificate, odd.certificate] })), 'TRUST_FILE_INVALID', /Alice Example.*critical extension/);
    expect(store.material().anchor).toBeUndefined();
  });

  it('keeps CRL numbers monotonic: lower is stale, equal must be the same CRL', async () => {
    const store = await open();
    const second = await makeCrl(pki.issuingCa, { number: 2 });
    await store.importTrustFile(trustFile({ crls: [pki.rootCrl, second] }));
    await expectRefused(() => store.importTrustFile(trustFile()), 'TRUST_FILE_STALE', /number 1; this computer already has number 2/);
    const otherSecond = await makeCrl(pki.issuingCa, { number: 2, thisUpdate: new Date(Date.now() - 120_000) });
    await expectRefused(() => store.importTrustFile(trustFile({ crls: [pki.rootCrl, otherSecond] })), 'TRUST_FILE_INVALID', /two different revocation lists .* number 2/);
    expect(await store.importTrustFile(trustFile({ crls: [pki.rootCrl, second] }))).toEqual({ certificates: 0, crls: 0 });
  });

  it('refuses a CRL not signed by a CA of the organisation', async () => {
    const store = await open();
    const forger = await makeIssuingCa(pki.root, { keyName: 'store-crl-forger' });
    const forged = await makeCrl(forger, { number: 7 });
    await expectRefused(() => store.importTrustFile(trustFile({ crls: [pki.rootCrl, forged] })), 'TRUST_FILE_INVALID', /not signed by a CA/);
  });

  it("never lets a certificate replace a team key's: not from another root, not with another public key", async () => {
    const store = await open();
    await store.importTrustFile(trustFile());
    const impostorCa = await makeIssuingCa(await makeRootCa({ keyName: 'team-impostor-root' }), { keyName: 'team-impostor-ca' });
    const fakeTeam = await makeTeamCertificate(impostorCa, { keys: await rsaKeys(2048) });
    await expectRefused(() => store.importTrustFile(trustFile({ certificates: [pki.root.certificate, impostorCa.certificate, fakeTeam.certificate] })), 'TRUST_FILE_INVALID', /CN=Example Org Issuing CA/);
    const sameRootOtherKey = await makeTeamCertificate(pki.issuingCa, { keys: fakeTeam.keys, notBefore: new Date(Date.now() - 1000) });
    await expectRefused(() => store.importTrustFile(trustFile({ certificates: [sameRootOtherKey.certificate] })), 'TRUST_FILE_INVALID', /gives arn:aws:kms.* a public key other than/);
    expect(certificateSha256(store.certificateForKey(TEAM_KEY_ARN)!)).toBe(certificateSha256(pki.team.certificate));
  });

  it('refuses a file that is not exactly the trust-file shape', async () => {
    const store = await open();
    await expectRefused(() => store.importTrustFile('{'), 'TRUST_FILE_INVALID', /not JSON/);
    await expectRefused(() => store.importTrustFile(JSON.stringify({ ...JSON.parse(trustFile()), extra: 1 })), 'TRUST_FILE_INVALID', /extra/);
    await expectRefused(() => store.importTrustFile(trustFile().replace('signet-trust/1', 'signet-trust/2')), 'TRUST_FILE_INVALID', /format/);
    await expectRefused(() => store.importTrustFile(JSON.stringify({ ...JSON.parse(trustFile()), certificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] })), 'TRUST_FILE_INVALID', /certificate 1/);
  });
});

describe('addCrls', () => {
  it('stores a newer CRL, refuses a lower number and a forged one, all or nothing', async () => {
    const store = await open();
    await store.importTrustFile(trustFile());
    const third = await makeCrl(pki.issuingCa, { number: 3 });
    expect(await store.addCrls([pemOf(third)])).toEqual({ crls: 1 });
    expect((await open()).material().crls.map((crl) => crl.number).sort()).toEqual([1n, 3n]);
    const forger = await makeIssuingCa(pki.root, { keyName: 'add-crl-forger' });
    const newerRoot = await makeCrl(pki.root, { number: 4 });
    await expectRefused(() => store.addCrls([pemOf(newerRoot), pemOf(pki.issuingCrl)]), 'TRUST_FILE_STALE', /number 1; this computer already has number 3/);
    const forged = await makeCrl(forger, { number: 9 });
    await expectRefused(() => store.addCrls([pemOf(newerRoot), pemOf(forged)]), 'TRUST_FILE_INVALID', /not signed by a CA/);
    expect(store.material().crls.map((crl) => crl.number).sort()).toEqual([1n, 3n]);
  });
});

describe('the index written with the store', () => {
  const storeJson = async (): Promise<{ certificates: string[]; index?: { authorities: number; keys: Record<string, number[]> } }> => JSON.parse(await readFile(trustStorePath(home), 'utf8'));
  const positionOf = (certificates: string[], cert: X509Certificate): number => certificates.indexOf(pemOf(cert));

  it("says where the CAs end and where each key's certificates are, and a store written without it reads the same", async () => {
    await (await open()).importTrustFile(trustFile());
    const stored = await storeJson();
    expect(stored.index).toEqual({
      authorities: 1,
      keys: { [PERSON_KEY_ARN]: [positionOf(stored.certificates, pki.person.certificate)], [TEAM_KEY_ARN]: [positionOf(stored.certificates, pki.team.certificate)] },
    });
    const read = async (): Promise<string[][]> => {
      const store = await open();
      const { intermediates, certificates } = store.material();
      return [intermediates.map(certificateSha256), certificates.map(certificateSha256), [PERSON_KEY_ARN, TEAM_KEY_ARN].map((arn) => certificateSha256(store.certificateForKey(arn)!))];
    };
    const withIndex = await read();
    expect(withIndex[2]).toEqual([certificateSha256(pki.person.certificate), certificateSha256(pki.team.certificate)]);
    await writeFile(trustStorePath(home), JSON.stringify({ ...stored, index: undefined }));
    expect(await read()).toEqual(withIndex);
  });

  it("refuses as damaged an index that points a key at a CA's certificate, or counts more CAs than there are", async () => {
    await (await open()).importTrustFile(trustFile());
    const stored = await storeJson();
    await writeFile(trustStorePath(home), JSON.stringify({ ...stored, index: { ...stored.index, keys: { [TEAM_KEY_ARN]: [0] } } }));
    const store = await open();
    expect(store.material().intermediates.map(certificateSha256)).toEqual([certificateSha256(pki.issuingCa.certificate)]);
    expect(() => store.certificateForKey(TEAM_KEY_ARN)).toThrow(expect.objectContaining({ code: 'TRUST_FILE_INVALID', detail: expect.stringMatching(/is damaged \(the index misplaces certificate 1 of 3\)/) }));
    await writeFile(trustStorePath(home), JSON.stringify({ ...stored, index: { ...stored.index, authorities: 4 } }));
    await expect(open()).rejects.toMatchObject({ code: 'TRUST_FILE_INVALID', detail: expect.stringMatching(/counts more CA certificates than the store has/) });
  });
});
