import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateIdentity, certificateSha256, parseCertificate, spkiDer } from '../../../src/main/pki/certificates.js';
import { KeyUsageFlags } from '../../../src/main/pki/x509.js';
import { PERSON_KEY_ARN, makePersonCertificate, makeTestPki, pemOf, type TestPki } from '../../support/pkiFixtures.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});

const der = (pem: string): Buffer => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

describe('parseCertificate', () => {
  it('reads PEM and DER alike, and the fingerprint is the SHA-256 of the DER (as openssl computes it)', () => {
    const pem = pemOf(pki.person.certificate);
    const fromPem = parseCertificate(pem);
    const fromDer = parseCertificate(der(pem));
    expect(certificateSha256(fromPem)).toBe(createHash('sha256').update(der(pem)).digest('hex'));
    expect(certificateSha256(fromDer)).toBe(certificateSha256(fromPem));
    const openssl = execFileSync('/usr/bin/openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem }).toString();
    expect(openssl.split('=')[1]!.trim().replace(/:/g, '').toLowerCase()).toBe(certificateSha256(fromPem));
  });

  it('refuses garbage, trailing bytes, two PEM blocks and a CRL as CERT_INVALID', () => {
    const pem = pemOf(pki.person.certificate);
    expect(() => parseCertificate(Buffer.from('not a certificate'))).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
    expect(() => parseCertificate(Buffer.concat([der(pem), Buffer.from([0])]))).toThrow(expect.objectContaining({ code: 'CERT_INVALID', detail: expect.stringMatching(/trailing/) }));
    expect(() => parseCertificate(pem + pem)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', detail: expect.stringMatching(/one PEM/) }));
    expect(() => parseCertificate(pemOf(pki.issuingCrl))).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
  });

  it('gives the SubjectPublicKeyInfo openssl sees', () => {
    const pubkey = execFileSync('/usr/bin/openssl', ['x509', '-noout', '-pubkey'], { input: pemOf(pki.team.certificate) }).toString();
    expect(spkiDer(pki.team.certificate)).toEqual(der(pubkey));
  });
});

describe('certificateIdentity', () => {
  it('reads a person and a team per the profile', () => {
    expect(certificateIdentity(pki.person.certificate)).toEqual({ kind: 'person', displayName: 'Alice Example', team: 'Finance', organisation: 'Example Org', email: 'alice@example.org', keyArn: PERSON_KEY_ARN });
    expect(certificateIdentity(pki.team.certificate)).toMatchObject({ kind: 'team', displayName: 'Finance', organisation: 'Example Org' });
    expect(certificateIdentity(pki.team.certificate)).not.toHaveProperty('team');
  });

  it('refuses control, invisible and direction-changing characters, showing them as code points', async () => {
    for (const [options, shown] of [
      [{ displayName: 'Alice\u001b[2JExample' }, '<U+001B>'],
      [{ team: 'Fin\u200bance' }, '<U+200B>'],
      [{ email: 'alice\u0007@example.org' }, '<U+0007>'],
    ] as const) {
      const cert = (await makePersonCertificate(pki.issuingCa, options)).certificate;
      expect(() => certificateIdentity(cert)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', detail: expect.stringContaining(shown) }));
    }
  });

  it('refuses a certificate whose URI name is not a KMS key ARN, or whose key usage fits no profile', async () => {
    const notArn = (await makePersonCertificate(pki.issuingCa, { keyArn: 'https://example.org/key' })).certificate;
    expect(() => certificateIdentity(notArn)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', detail: expect.stringMatching(/not a KMS key ARN/) }));
    const noUsage = (await makePersonCertificate(pki.issuingCa, { keyUsage: KeyUsageFlags.dataEncipherment })).certificate;
    expect(() => certificateIdentity(noUsage)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', detail: expect.stringMatching(/fits neither/) }));
  });
});
