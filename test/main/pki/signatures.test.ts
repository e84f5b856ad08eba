import { webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber } from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCrl, verifyCrl } from '../../../src/main/pki/crl.js';
import { certificateSignedBy } from '../../../src/main/pki/signatures.js';
import { BasicConstraintsExtension, Extension, KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator, X509CrlGenerator, type X509Certificate } from '../../../src/main/pki/x509.js';
import { makeCrl, makeTestPki, pemOf, randomSerial, type Issued, type TestPki } from '../../support/pkiFixtures.js';

let pki: TestPki;
let rsaRoot: Issued;

const RSA_SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** A self-signed RSA 2048 CA, to check RSA signatures as well as the profile's P-521 ones. */
async function makeRsaRoot(): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey({ ...RSA_SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=RSA Test Root',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: RSA_SIGNING,
    extensions: [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
  });
  return { certificate, keys };
}

beforeAll(async () => {
  pki = await makeTestPki();
  rsaRoot = await makeRsaRoot();
});

/** What @peculiar/x509 over WebCrypto says, the check Signet made before OpenSSL did it. */
const librarySays = (cert: X509Certificate, issuer: X509Certificate): Promise<boolean> => cert.verify({ publicKey: issuer, signatureOnly: true }).catch(() => false);

describe('certificateSignedBy', () => {
  it('says what the library says for every pair of P-521 and RSA certificates, true only for the real issuer', async () => {
    const all = [pki.root, pki.issuingCa, pki.person, pki.team, rsaRoot].map((issued) => issued.certificate);
    const issuedBy = new Map([
      [pki.root.certificate, [pki.root.certificate]],
      [pki.issuingCa.certificate, [pki.root.certificate]],
      [pki.person.certificate, [pki.issuingCa.certificate]],
      [pki.team.certificate, [pki.issuingCa.certificate]],
      [rsaRoot.certificate, [rsaRoot.certificate]],
    ]);
    for (const cert of all) {
      for (const issuer of all) {
        const expected = issuedBy.get(cert)!.includes(issuer);
        expect(await librarySays(cert, issuer), `${cert.subject} by ${issuer.subject}`).toBe(expected);
        expect(await certificateSignedBy(cert, issuer), `${cert.subject} by ${issuer.subject}`).toBe(expected);
      }
    }
  });
});

describe('verifyCrl', () => {
  it("verifies an RSA-signed CRL with its issuer's key and not with another key under the same name", async () => {
    const crl = await X509CrlGenerator.create({
      issuer: rsaRoot.certificate.subjectName,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
      signingKey: rsaRoot.keys.privateKey,
      signingAlgorithm: RSA_SIGNING,
      extensions: [new Extension('2.5.29.20', false, AsnConvert.serialize(new CRLNumber(5)))],
    });
    const parsed = parseCrl(pemOf(crl));
    // Same name, another key: only the signature tells them apart.
    const other = (await makeRsaRoot()).certificate;
    expect(parsed.signed?.algorithm).toBe('1.2.840.113549.1.1.11');
    expect(await verifyCrl(parsed, rsaRoot.certificate)).toBe(true);
    expect(await crl.verify({ publicKey: rsaRoot.certificate.publicKey })).toBe(true);
    expect(await verifyCrl(parsed, other)).toBe(false);
  });

  it('never verifies a CRL whose two signature algorithm fields differ', async () => {
    const der = Buffer.from((await makeCrl(pki.issuingCa, { number: 2 })).rawData);
    expect(await verifyCrl(parseCrl(der), pki.issuingCa.certificate)).toBe(true);
    // ecdsa-with-SHA512 → ecdsa-with-SHA384 in the outer field only (its last occurrence), same length.
    const sha512 = Buffer.from('06082a8648ce3d040304', 'hex');
    const changed = Buffer.from(der);
    changed[changed.lastIndexOf(sha512) + sha512.length - 1] = 0x03;
    const parsed = parseCrl(changed);
    expect(parsed.signed).toBeUndefined();
    expect(await parsed.crl.verify({ publicKey: pki.issuingCa.certificate.publicKey }).catch(() => false)).toBe(false);
    expect(await verifyCrl(parsed, pki.issuingCa.certificate)).toBe(false);
  });
});
