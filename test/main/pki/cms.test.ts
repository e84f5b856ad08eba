// The CMS SignedData Signet writes, checked by OpenSSL: without signed attributes (the
// signature is over the content itself, as manifest.p7s carries manifest.sig) and with
// the CAdES ones (as in the signed PDF report), with a timestamp token carried as an
// unsigned attribute, and failing for other content.
import { execFile } from 'node:child_process';
import { KeyObject, createHash, sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadesSignedAttributes, detachedSignedData } from '../../../src/main/pki/cms.js';
import { makeIssuingCa, makePersonCertificate, makeRootCa, type Issued } from '../../support/pkiFixtures.js';

let work: string;
let root: Issued;
let issuing: Issued;
let person: Issued;
const content = Buffer.from('{"the":"manifest"}');

const der = (issued: Issued): Buffer => Buffer.from(issued.certificate.rawData);
const signWith = (issued: Issued, message: Buffer): Buffer => sign('sha512', message, { key: KeyObject.from(issued.keys.privateKey), dsaEncoding: 'der' });

function openssl(args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { cwd: work }, (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }));
  });
}

/** openssl cms -verify of `p7s` over `over`, trusting only the test root. */
async function cmsVerify(p7s: Buffer, over: Buffer): Promise<{ ok: boolean; output: string }> {
  await writeFile(join(work, 'signature.p7s'), p7s);
  await writeFile(join(work, 'content.bin'), over);
  return openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'signature.p7s', '-content', 'content.bin', '-CAfile', 'root.pem', '-out', '/dev/null']);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-cms-'));
  root = await makeRootCa();
  issuing = await makeIssuingCa(root);
  person = await makePersonCertificate(issuing);
  await writeFile(join(work, 'root.pem'), root.certificate.toString('pem'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('without signed attributes', () => {
  it('is checked by openssl cms -verify with the signature over the content itself, and fails for other content', async () => {
    const p7s = detachedSignedData({ certificates: [der(person), der(issuing)], signature: signWith(person, content) });
    const checked = await cmsVerify(p7s, content);
    expect(checked.output).toContain('CMS Verification successful');
    expect(checked.ok).toBe(true);
    const other = await cmsVerify(p7s, Buffer.from('{"the":"manifesto"}'));
    expect(other.ok).toBe(false);
  });

  it('carries a timestamp token as the unsigned attribute id-aa-signatureTimeStampToken, which leaves the signature valid', async () => {
    const signature = signWith(person, content);
    // Any ContentInfo stands in for the token here: the attribute is carried, not interpreted.
    const token = detachedSignedData({ certificates: [der(issuing)], signature });
    const p7s = detachedSignedData({ certificates: [der(person), der(issuing)], signature, timestampToken: token });
    expect((await cmsVerify(p7s, content)).ok).toBe(true);
    await writeFile(join(work, 'with-token.p7s'), p7s);
    const printed = await openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'with-token.p7s']);
    expect(printed.output).toMatch(/unsignedAttrs:\s+object: id-smime-aa-timeStampToken \(1\.2\.840\.113549\.1\.9\.16\.2\.14\)/);
  });
});

describe('with the CAdES signed attributes', () => {
  it('is checked by openssl cms -verify (message digest and signature over the attributes), and fails for other content', async () => {
    const { attributes, toSign } = cadesSignedAttributes(createHash('sha512').update(content).digest(), der(person));
    const p7s = detachedSignedData({ certificates: [der(person), der(issuing)], signature: signWith(person, toSign), signedAttributes: attributes });
    expect((await cmsVerify(p7s, content)).ok).toBe(true);
    // CMS_SignerInfo_verify_content compares the content's digest with the messageDigest attribute.
    expect((await cmsVerify(p7s, Buffer.from('other'))).output).toContain('CMS_SignerInfo_verify_content:verification failure');
    await writeFile(join(work, 'cades.p7s'), p7s);
    const printed = await openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'cades.p7s']);
    expect(printed.output).toContain('contentType (1.2.840.113549.1.9.3)');
    expect(printed.output).toContain('messageDigest (1.2.840.113549.1.9.4)');
    expect(printed.output).toContain('id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)');
    expect(printed.output).not.toContain('signingTime');
  });
});
