import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCrl, verifyCrl } from '../../../src/main/pki/crl.js';
import { X509CrlReason } from '../../../src/main/pki/x509.js';
import { makeCrl, makeIssuingCa, makeTestPki, pemOf, withPemFolder, type TestPki } from '../../support/pkiFixtures.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});

describe('parseCrl and verifyCrl', () => {
  it('reads number, times and revoked serials with date and reason, as openssl does', async () => {
    const revokedAt = new Date('2026-01-02T03:04:05Z');
    const crl = await makeCrl(pki.issuingCa, { number: 70000, revoked: [{ serial: pki.person.certificate.serialNumber, reason: X509CrlReason.superseded, revokedAt }] });
    const parsed = parseCrl(pemOf(crl));
    expect(parsed.number).toBe(70000n);
    expect(parsed.nextUpdate!.getTime() - parsed.thisUpdate.getTime()).toBe(7 * 86_400_000);
    expect([...parsed.revoked]).toEqual([[pki.person.certificate.serialNumber.toLowerCase(), { revokedAt, reason: 'superseded' }]]);
    const text = execFileSync('/usr/bin/openssl', ['crl', '-noout', '-text'], { input: pemOf(crl) }).toString();
    expect(text).toMatch(/X509v3 CRL Number:\s+70000/);
    expect(text.toLowerCase()).toContain(pki.person.certificate.serialNumber.toLowerCase());
    expect(parseCrl(Buffer.from(crl.rawData)).sha256).toBe(parsed.sha256);
  });

  it('verifies a CRL only against the CA that signed it, and openssl agrees', async () => {
    const parsed = parseCrl(pemOf(pki.issuingCrl));
    expect(await verifyCrl(parsed, pki.issuingCa.certificate)).toBe(true);
    expect(await verifyCrl(parsed, pki.root.certificate)).toBe(false);
    const sameNameOtherKey = await makeIssuingCa(pki.root, { keyName: 'crl-test-other' });
    expect(await verifyCrl(parsed, sameNameOtherKey.certificate)).toBe(false);
    await withPemFolder(async (_folder, write) => {
      const crlPath = await write('crl.pem', pki.issuingCrl);
      const opensslVerifies = async (ca: typeof pki.root): Promise<string> => {
        const run = spawnSync('/usr/bin/openssl', ['crl', '-noout', '-in', crlPath, '-CAfile', await write('ca.pem', ca.certificate)]);
        return `${run.status} ${run.stdout.toString()}${run.stderr.toString()}`;
      };
      expect(await opensslVerifies(pki.issuingCa)).toMatch(/^0 verify OK/);
      expect(await opensslVerifies(sameNameOtherKey)).toMatch(/verify fail/);
    });
  });

  it('refuses a CRL without a number, and one that is not a CRL, as REVOCATION_UNKNOWN', async () => {
    const unnumbered = await makeCrl(pki.issuingCa, { number: null });
    expect(() => parseCrl(pemOf(unnumbered))).toThrow(expect.objectContaining({ code: 'REVOCATION_UNKNOWN', detail: 'the CRL has no CRL number' }));
    expect(() => parseCrl(pemOf(pki.person.certificate))).toThrow(expect.objectContaining({ code: 'REVOCATION_UNKNOWN' }));
    expect(() => parseCrl(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(expect.objectContaining({ code: 'REVOCATION_UNKNOWN' }));
  });
});
