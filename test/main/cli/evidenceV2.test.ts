// Evidence folder v2 as a stranger checks it: evidence written by the real `signet`
// command against a sandbox process, then only stock tools — the commands VERIFY.txt
// prints, run as printed (OpenSSL cms and verify, dgst, sha256sum, NSS certutil and
// poppler's pdfsig) — each passing on untouched evidence and failing after a change.
import { execFile, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliV2 } from '../../support/awsCli.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

let work: string;
let sandboxProcess: ChildProcess;
let sandboxUrl: string;
let config: string;
const home = (who: string) => join(work, `home-${who}`);
const as = (who: string, args: string[]) => runSignet(['--config', config, ...args], { SIGNET_HOME: home(who) });
const evidence = () => join(work, 'evidence');

interface Ran {
  ok: boolean;
  output: string;
}

/** Runs `command` with sh in `cwd`; whether it exited 0, and its stdout and stderr. */
function sh(command: string, cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd }, (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }));
  });
}

/** The commands VERIFY.txt tells a third party to type (the indented lines), by the tool they start with. */
async function verifyCommands(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'VERIFY.txt'), 'utf8'))
    .split('\n')
    .filter((line) => /^ {5}(openssl|sha256sum|mkdir|certutil|pdfsig) /.test(line))
    .map((line) => line.trim());
}

const commandFor = async (dir: string, start: string): Promise<string> => {
  const command = (await verifyCommands(dir)).find((line) => line.startsWith(start));
  if (command === undefined) throw new Error(`VERIFY.txt has no command starting "${start}"`);
  return command;
};

/** Changes one bit of the byte at `at`. */
const flip = (bytes: Buffer, at: number): void => {
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
};

/** A copy of the evidence folder to change. */
async function copyOfEvidence(name: string): Promise<string> {
  const copy = join(work, name);
  await cp(evidence(), copy, { recursive: true });
  return copy;
}

/** pdfsig with an NSS database made, as VERIFY.txt says, in `dir`. */
async function pdfsig(dir: string): Promise<Ran> {
  for (const start of ['mkdir nssdb', 'certutil -A']) {
    const made = await sh(await commandFor(evidence(), start), dir);
    expect(made.ok, made.output).toBe(true);
  }
  return sh(await commandFor(evidence(), 'pdfsig'), dir);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-evidence-v2-'));
  const started = await startSignet(['sandbox', '--dir', join(work, 'sandbox')]);
  sandboxProcess = started.child;
  [, sandboxUrl, , config] = started.firstLine.split(' ') as [string, string, string, string];
  for (const who of ['alice', 'bob']) expect((await as(who, ['login', '--user', who])).code).toBe(0);
  await writeFile(join(work, 'contract.txt'), 'the signed contract');
  expect((await as('alice', ['seal', '--to', 'Legal', join(work, 'contract.txt')])).code).toBe(0);
  const opened = await as('bob', ['open', join(work, 'contract.txt.signet'), '-o', join(work, 'opened'), '--evidence', evidence()]);
  expect(opened.code, opened.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('manifest.p7s', () => {
  it('openssl cms -verify, as VERIFY.txt prints it, succeeds on untouched evidence', async () => {
    const command = await commandFor(evidence(), 'openssl cms -verify');
    expect(command).toContain('-binary -inform DER -in manifest.p7s -content manifest.json -CAfile root.pem');
    const checked = await sh(command, evidence());
    expect(checked.output).toContain('CMS Verification successful');
    expect(checked.ok).toBe(true);
  });

  it('carries the very signature in manifest.sig, the sender certificate and the issuing CA', async () => {
    const p7s = await readFile(join(evidence(), 'manifest.p7s'));
    expect(p7s.includes(await readFile(join(evidence(), 'manifest.sig')))).toBe(true);
    const certificates = await sh('openssl pkcs7 -inform DER -in manifest.p7s -print_certs -noout', evidence());
    expect(certificates.output).toMatch(/subject=.*CN ?= ?Alice Example/);
    expect(certificates.output).toMatch(/subject=.*CN ?= ?Example Org \(Signet demo\) Issuing CA/);
  });

  it('fails after one changed byte in manifest.json', async () => {
    const copy = await copyOfEvidence('changed-manifest');
    const manifest = await readFile(join(copy, 'manifest.json'));
    flip(manifest, manifest.length - 2);
    await writeFile(join(copy, 'manifest.json'), manifest);
    const checked = await sh(await commandFor(copy, 'openssl cms -verify'), copy);
    expect(checked.ok).toBe(false);
    expect(checked.output).not.toContain('CMS Verification successful');
    expect((await sh(await commandFor(copy, 'openssl dgst'), copy)).ok).toBe(false);
  });

  it('fails after one changed byte in the signature inside manifest.p7s', async () => {
    const copy = await copyOfEvidence('changed-p7s');
    const p7s = await readFile(join(copy, 'manifest.p7s'));
    const signature = await readFile(join(copy, 'manifest.sig'));
    flip(p7s, p7s.indexOf(signature) + signature.length - 1);
    await writeFile(join(copy, 'manifest.p7s'), p7s);
    const checked = await sh(await commandFor(copy, 'openssl cms -verify'), copy);
    expect(checked.ok).toBe(false);
    expect(checked.output).toMatch(/signature failure|verification failure/i);
  });
});

describe('the other commands VERIFY.txt prints', () => {
  it('each succeeds on untouched evidence', async () => {
    for (const start of ['openssl dgst', 'openssl verify -crl_check_all', 'openssl verify -CAfile']) {
      const checked = await sh(await commandFor(evidence(), start), evidence());
      expect(checked.ok, `${start}: ${checked.output}`).toBe(true);
    }
    const sums = await sh((await commandFor(evidence(), 'sha256sum -c')).replace('<this folder>', evidence()), join(work, 'opened'));
    expect(sums.ok, sums.output).toBe(true);
  });

  it('openssl verify -crl_check_all fails after one changed byte in the certificate, sha256sum -c after a change to a document', async () => {
    const copy = await copyOfEvidence('changed-certificate');
    const pem = await readFile(join(copy, 'signer-cert.pem'), 'utf8');
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    flip(der, der.length - 1);
    await writeFile(join(copy, 'signer-cert.pem'), `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`);
    const checked = await sh(await commandFor(copy, 'openssl verify -crl_check_all'), copy);
    expect(checked.ok).toBe(false);
    expect(checked.output).toMatch(/signature failure/i);

    await appendFile(join(work, 'opened', 'contract.txt'), '\none more line');
    const sums = await sh((await commandFor(evidence(), 'sha256sum -c')).replace('<this folder>', evidence()), join(work, 'opened'));
    expect(sums.ok).toBe(false);
    expect(sums.output).toContain('contract.txt: FAILED');
  });
});

describe('the trusted timestamp', () => {
  it('openssl ts -verify, as VERIFY.txt prints it, succeeds on untouched evidence and fails after one changed byte of manifest.sig', async () => {
    const command = await commandFor(evidence(), 'openssl ts -verify');
    const checked = await sh(command, evidence());
    expect(checked.ok, checked.output).toBe(true);
    expect(checked.output).toContain('Verification: OK');
    const copy = await copyOfEvidence('changed-signature-for-ts');
    const signature = await readFile(join(copy, 'manifest.sig'));
    flip(signature, signature.length - 1);
    await writeFile(join(copy, 'manifest.sig'), signature);
    const refused = await sh(command, copy);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/message imprint mismatch|Verification: FAILED/i);
  });
});

describe('report.pdf', () => {
  it('pdfsig reports the signature valid and, with the root in an NSS database, trusted; signed as the organisation with ETSI.CAdES.detached', async () => {
    const copy = await copyOfEvidence('pdf-untouched');
    const checked = await pdfsig(copy);
    expect(checked.output).toContain('Signature Validation: Signature is Valid.');
    expect(checked.output).toContain('Certificate Validation: Certificate is Trusted.');
    expect(checked.output).toContain('Signer Certificate Common Name: Example Org (Signet demo) evidence reports');
    expect(checked.output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(checked.output).toMatch(/Total document signed/);
    expect(checked.ok).toBe(true);
  });

  it('is not trusted by pdfsig without the root, and fails after one changed byte', async () => {
    const copy = await copyOfEvidence('pdf-changed');
    const untrusted = await sh('mkdir emptydb && certutil -N -d sql:emptydb --empty-password && pdfsig -nssdir sql:emptydb report.pdf', copy);
    expect(untrusted.output).toContain('Signature Validation: Signature is Valid.');
    expect(untrusted.output).not.toContain('Certificate is Trusted.');

    const pdf = await readFile(join(copy, 'report.pdf'));
    const inContent = pdf.indexOf('stream\n') + 'stream\n'.length + 10;
    flip(pdf, inContent);
    await writeFile(join(copy, 'report.pdf'), pdf);
    const checked = await pdfsig(copy);
    expect(checked.output).not.toContain('Signature is Valid.');
    expect(checked.output).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('says it is a summary and where the proof is', async () => {
    const text = await sh('pdftotext -layout report.pdf -', evidence());
    const flat = text.output.replace(/\s+/g, ' ');
    expect(flat).toContain('This report is a summary for people to read; on its own it proves nothing.');
    expect(flat).toContain('manifest.p7s');
    expect(flat).toContain('VERIFY.txt');
    expect(flat).toContain('report.pdf is signed by Example Org (Signet demo) evidence reports');
  });

  it('when the report-signing key cannot be used, the evidence is still written whole, with an unsigned report that says so, and the open warns', async () => {
    const settings = JSON.parse(await readFile(config, 'utf8'));
    // The version 1 signing key: receivers may Verify with it, not Sign.
    settings.trust.reportSigning.key = settings.signingKey;
    const misconfigured = join(work, 'misconfigured.json');
    await writeFile(misconfigured, JSON.stringify(settings));
    const folder = join(work, 'evidence-unsigned');
    const opened = await runSignet(['--config', misconfigured, 'open', join(work, 'contract.txt.signet'), '-o', join(work, 'opened-again'), '--evidence', folder], { SIGNET_HOME: home('bob') });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stderr).toContain("its report.pdf is not signed: Signet couldn't use your organisation's report-signing key");
    expect(opened.stderr).toContain('REPORT_NOT_SIGNED');
    expect((await sh(await commandFor(folder, 'openssl cms -verify'), folder)).ok).toBe(true);
    expect(await readFile(join(folder, 'VERIFY.txt'), 'utf8')).toContain("report.pdf is not signed: Signet could not sign it with your organisation's report-signing key");
    expect((await sh('pdfsig report.pdf', folder)).output).toContain('does not contain any signatures');
    expect((await sh('pdftotext report.pdf -', folder)).output.replace(/\s+/g, ' ')).toContain('report.pdf is not signed');
  });

  it('is signed with a key the administrator may not sign with (aws kms sign is refused)', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      AWS_CONFIG_FILE: join(work, 'sandbox', 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'sandbox', 'aws', 'credentials'),
      AWS_PROFILE: 'signet-admin',
    };
    const digest = Buffer.alloc(64, 1).toString('base64');
    const refused = await new Promise<Ran>((resolve) => {
      execFile(
        awsCliV2(),
        ['--endpoint-url', sandboxUrl, 'kms', 'sign', '--key-id', 'alias/signet/reports', '--message', digest, '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_512'],
        { env },
        (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }),
      );
    });
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('AccessDeniedException');
  });
});
