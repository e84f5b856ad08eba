// Offline trust and legal evidence, as people and third parties use them: the signet
// command against a sandbox process, the AWS CLI making the blog recipe's signatures
// and message.enc, and stock OpenSSL, sha256sum and Poppler checking what Signet wrote.
import { execFile, type ChildProcess } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliV2 } from '../../support/awsCli.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';
import { isHighS, sTwin } from '../../support/highS.js';
import { makeCrl, makeIssuingCa, makeRootCa, makeTeamCertificate, pemOf } from '../../support/pkiFixtures.js';

const run = promisify(execFile);
let work: string;
let sandboxProcess: ChildProcess;
let sandboxUrl: string;
let config: string;
const home = (who: string) => join(work, `home-${who}`);
const as = (who: string, args: string[], cfg = config) => runSignet(['--config', cfg, ...args], { SIGNET_HOME: home(who) });

async function aws(...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_CONFIG_FILE: join(work, 'sandbox', 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'sandbox', 'aws', 'credentials'),
    AWS_PROFILE: 'signet-admin',
  };
  return (await run(awsCliV2(), ['--endpoint-url', sandboxUrl, '--output', 'text', ...args], { env })).stdout.trim();
}

async function withConfig(name: string, change: (c: Record<string, unknown>) => void): Promise<string> {
  const value = JSON.parse(await readFile(config, 'utf8'));
  change(value);
  const path = join(work, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-trust-'));
  const started = await startSignet(['sandbox', '--dir', join(work, 'sandbox')]);
  sandboxProcess = started.child;
  [, sandboxUrl, , config] = started.firstLine.split(' ') as [string, string, string, string];
  for (const who of ['alice', 'bob']) expect((await as(who, ['login', '--user', who])).code).toBe(0);
  await writeFile(join(work, 'contract.txt'), 'the signed contract');
  expect((await as('alice', ['seal', '--to', 'Legal', join(work, 'contract.txt')])).code).toBe(0);
  await mkdir(join(work, 'inbox'));
  await copyFile(join(work, 'contract.txt.signet'), join(work, 'inbox', 'contract.txt.signet'));
  const opened = await as('bob', ['open', join(work, 'inbox', 'contract.txt.signet'), '--evidence', join(work, 'evidence')]);
  expect(opened.code, opened.stderr).toBe(0);
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('the human report', () => {
  it('is a PDF a person can read, with the verdict, the signer and the key fingerprint', async () => {
    const verdict = JSON.parse(await readFile(join(work, 'evidence', 'verdict.json'), 'utf8'));
    const { stdout: text } = await run('pdftotext', ['-layout', join(work, 'evidence', 'report.pdf'), '-']);
    expect(text).toContain('Signet verification report');
    expect(text).toContain('Authentic. Sealed by Alice Example, Finance');
    expect(text.replace(/\s+/g, '')).toContain(verdict.signer.fingerprint);
    expect(text).toContain('CloudTrail');
    expect(text).toContain('contract.txt');
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(work, 'evidence', 'report.pdf'), join(work, 'report')]);
    const page = join(work, 'report-1.png');
    expect((await stat(page)).size).toBeGreaterThan(10_000);
    if (process.env.SIGNET_SCREENSHOTS) {
      await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(work, 'evidence', 'report.pdf'), new URL('../../../docs/report-page1', import.meta.url).pathname]);
    }
    const html = await readFile(join(work, 'evidence', 'report.html'), 'utf8');
    expect(html).toContain(verdict.kmsRequestId);
    expect(html).not.toMatch(/<script/i);
  });
});

describe('offline', () => {
  it('re-checks a seal opened before, from what was kept (saying its contents were not read), and refuses to guess about one never opened here', async () => {
    const again = await as('bob', ['verify', '--offline', join(work, 'inbox', 'contract.txt.signet')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Checked offline: the signature this computer kept when it opened the file on');
    expect(again.stdout).toContain("The file's contents were not read");
    const stranger = await as('stranger', ['verify', '--offline', join(work, 'inbox', 'contract.txt.signet')]);
    expect(stranger.code).toBe(5);
    expect(stranger.stderr).toContain("hasn't opened this file before");
  });
});

describe('evidence with the other form of its signature', () => {
  it('refuses manifest.sig replaced by its high-S twin (exit 3), though OpenSSL still says Verified OK', async () => {
    const copy = join(work, 'evidence-high-s');
    await cp(join(work, 'evidence'), copy, { recursive: true });
    const twin = sTwin(await readFile(join(copy, 'manifest.sig')));
    expect(isHighS(twin)).toBe(true);
    await writeFile(join(copy, 'manifest.sig'), twin);
    const openssl = await run('openssl', ['dgst', '-sha512', '-verify', 'signer.pem', '-signature', 'manifest.sig', 'manifest.json'], { cwd: copy });
    expect(openssl.stdout.trim()).toBe('Verified OK');
    const checked = await as('bob', ['verify', copy]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust this evidence folder');
    expect(checked.stderr).toContain('not in the form Signet makes');
    expect((await as('bob', ['verify', join(work, 'evidence')])).code).toBe(0);
  });
});

describe('trust files', () => {
  let trustFile: string;
  const admin = (args: string[]) =>
    runSignet(['--config', config, '--profile', 'signet-admin', 'admin', ...args], {
      SIGNET_HOME: home('admin'),
      AWS_CONFIG_FILE: join(work, 'sandbox', 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'sandbox', 'aws', 'credentials'),
    });

  it('IT exports the trust file; a laptop that was never online confirms who sealed evidence, and after importing it also that the certificate is not revoked', async () => {
    trustFile = join(work, 'org.signet-trust');
    const exported = await admin(['export', trustFile]);
    expect(exported.code, exported.stderr).toBe(0);
    // Never online: no place to fetch the trust file from.
    const laptopConfig = await withConfig('laptop.json', (c) => delete (c.trust as Record<string, unknown>).updates);
    const before = JSON.parse((await as('laptop', ['--json', 'verify', join(work, 'evidence')], laptopConfig)).stdout);
    expect(before).toMatchObject({ ok: true, verdict: 'revocation-unknown', signer: { certified: { name: 'Alice Example' } } });
    const imported = await as('laptop', ['trust', 'import', trustFile], laptopConfig);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported .*: \d+ new certificates and 2 new revocation lists/);
    const checked = await as('laptop', ['verify', join(work, 'evidence')], laptopConfig);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^Authentic signature\. Sealed by Alice Example, Finance/);
    const shown = JSON.parse((await as('laptop', ['--json', 'trust', 'show'], laptopConfig)).stdout);
    expect(shown.certificates.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Alice Example', 'Legal', 'Finance']));
    expect(shown.crls.every((c: { stale: boolean }) => !c.stale)).toBe(true);
  });

  it('refuses, whole, a trust file that would swap the Legal team key for one from another root, and alice still seals for the real Legal key', async () => {
    const laptopConfig = await withConfig('laptop2.json', (c) => delete (c.trust as Record<string, unknown>).updates);
    const file = JSON.parse(await readFile(trustFile, 'utf8'));
    const legalKey = (JSON.parse(await readFile(config, 'utf8')).recipients as { name: string; key: string }[]).find((r) => r.name === 'Legal')!.key;
    const foreignRoot = await makeRootCa();
    const foreignCa = await makeIssuingCa(foreignRoot);
    const forgedLegal = await makeTeamCertificate(foreignCa, { team: 'Legal', keyArn: legalKey });
    const forged = join(work, 'forged.signet-trust');
    await writeFile(forged, JSON.stringify({ ...file, certificates: [...file.certificates, pemOf(foreignCa.certificate), pemOf(forgedLegal.certificate)] }));
    const storePath = join(home('laptop2'), 'trust', 'store.json');
    const refused = await as('laptop2', ['trust', 'import', forged], laptopConfig);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("This trust file can't be used");
    await expect(stat(storePath), 'nothing was stored').rejects.toThrow();
    // An older CRL after a newer one is refused too, and the store stays as it was.
    expect((await as('laptop2', ['trust', 'import', trustFile], laptopConfig)).code).toBe(0);
    const storeBefore = await readFile(storePath);
    const staleCrl = pemOf(await makeCrl(foreignCa, { number: 1 }));
    await writeFile(join(work, 'foreign-crl.signet-trust'), JSON.stringify({ ...file, crls: [...file.crls, staleCrl] }));
    expect((await as('laptop2', ['trust', 'import', join(work, 'foreign-crl.signet-trust')], laptopConfig)).code).toBe(2);
    expect((await readFile(storePath)).equals(storeBefore)).toBe(true);
    // Sealing for Legal still uses Legal's real certificate: bob opens it.
    await writeFile(join(work, 'after.txt'), 'after the forged import');
    expect((await as('alice', ['seal', '--to', 'Legal', '-o', join(work, 'after.signet'), join(work, 'after.txt')])).code).toBe(0);
    const opened = await as('bob', ['open', join(work, 'after.signet'), '-o', join(work, 'after-out')]);
    expect(opened.code, opened.stderr).toBe(0);
  });
});

describe('keys that change', () => {
  it('catches an alias re-pointed to another key (exit 3) until an administrator accepts the rotation', async () => {
    const aliasConfig = await withConfig('alias.json', (c) => (c.signingKey = 'alias/signet-signing'));
    expect((await as('carol', ['login', '--user', 'carol'], aliasConfig)).code).toBe(0);
    expect((await as('carol', ['keys', 'refresh'], aliasConfig)).code).toBe(0);
    // A deliberate rotation: a new key with the same key policy, the alias moved to it.
    const policy = await aws('kms', 'get-key-policy', '--key-id', JSON.parse(await readFile(config, 'utf8')).signingKey, '--policy-name', 'default', '--query', 'Policy');
    await writeFile(join(work, 'policy.json'), policy);
    const newKey = await aws('kms', 'create-key', '--key-spec', 'ECC_NIST_P521', '--key-usage', 'SIGN_VERIFY', '--policy', `file://${join(work, 'policy.json')}`, '--query', 'KeyMetadata.KeyId');
    await aws('kms', 'delete-alias', '--alias-name', 'alias/signet-signing');
    await aws('kms', 'create-alias', '--alias-name', 'alias/signet-signing', '--target-key-id', newKey);
    const refresh = await as('carol', ['keys', 'refresh'], aliasConfig);
    expect(refresh.code).toBe(3);
    // About the key, with the next step — not "Do not trust this file", as there is no file.
    expect(refresh.stderr).toContain('alias/signet-signing now gives a different key from the one this computer pinned for it, so the keys were not refreshed.');
    expect(refresh.stderr).toContain('signet keys accept-rotation alias/signet-signing');
    expect(refresh.stderr).not.toContain('file');
    const accepted = await as('carol', ['keys', 'accept-rotation', 'alias/signet-signing'], aliasConfig);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('stays trusted for files sealed with it');
    // The same key ARN with another public key pinned is no rotation: refused, naming the alias and that key.
    const keyring = join(home('carol'), 'keyring.json');
    const pinned = JSON.parse(await readFile(keyring, 'utf8')) as { keys: { keyArn: string; fingerprint: string }[] };
    const rotated = pinned.keys.find((k) => k.keyArn.endsWith(newKey))!;
    rotated.fingerprint = '0'.repeat(64);
    await writeFile(keyring, JSON.stringify(pinned));
    const again = await as('carol', ['keys', 'accept-rotation', 'alias/signet-signing'], aliasConfig);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`alias/signet-signing now names ${rotated.keyArn}, but this computer pinned a different public key for that same key earlier.`);
    expect(again.stderr).not.toMatch(/recipient|file/);
    const keys = JSON.parse((await as('carol', ['--json', 'keys', 'list'], aliasConfig)).stdout).keys as { keyArn: string; aliases: string[] }[];
    expect(keys.find((k) => k.aliases.includes('alias/signet-signing'))?.keyArn).toContain(newKey);
    expect(keys.filter((k) => k.keyArn.includes(':key/')).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the AWS recipe Signet grew from', () => {
  it('verifies a detached signature made by `aws kms sign`, and rejects altered messages and non-canonical DER', async () => {
    const dir = join(work, 'recipe-sign');
    await mkdir(dir);
    await writeFile(join(dir, 'message.json'), JSON.stringify({ order: 42, amount: '120000 EUR' }));
    // The organisation's signing key (its policy lets receivers read the public key).
    const keyId = JSON.parse(await readFile(config, 'utf8')).signingKey as string;
    const signature = await aws('kms', 'sign', '--key-id', keyId, '--message', `fileb://${join(dir, 'message.json')}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_512', '--query', 'Signature');
    await writeFile(join(dir, 'message.sig'), Buffer.from(signature, 'base64'));
    const publicKey = await aws('kms', 'get-public-key', '--key-id', keyId, '--query', 'PublicKey');
    await writeFile(join(dir, 'key.pem'), `-----BEGIN PUBLIC KEY-----\n${publicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`);
    const detached = (key: string, message = 'message.json', sig = 'message.sig') =>
      as('bob', ['verify', '--detached', '--message', join(dir, message), '--signature', join(dir, sig), '--key', key]);
    expect((await detached(join(dir, 'key.pem'))).code).toBe(0);
    const byArn = await detached(keyId);
    expect(byArn.code, byArn.stderr).toBe(0);
    await writeFile(join(dir, 'altered.json'), JSON.stringify({ order: 42, amount: '990000 EUR' }));
    const altered = await detached(join(dir, 'key.pem'), 'altered.json');
    expect(altered.code).toBe(3);
    // About the message and its signature, with what to do: never "Nothing from it was saved", as checking saves nothing.
    expect(altered.stderr).toContain('Do not trust altered.json: its signature (message.sig) does not match it with');
    expect(altered.stderr).toContain('Ask the sender for the original.');
    expect(altered.stderr).not.toContain('saved');
    // The same signature with a redundant leading zero in r: valid BER, not DER.
    const der = Buffer.from(signature, 'base64');
    const rLength = der[der[1]! & 0x80 ? 4 : 3]!;
    const bodyStart = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
    const r = der.subarray(bodyStart + 2, bodyStart + 2 + rLength);
    const rest = der.subarray(bodyStart + 2 + rLength);
    const body = Buffer.concat([Buffer.from([0x02, rLength + 1, 0x00]), r, rest]);
    const bad = Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
    await writeFile(join(dir, 'ber.sig'), bad);
    const nonCanonical = await detached(join(dir, 'key.pem'), 'message.json', 'ber.sig');
    expect(nonCanonical.code).toBe(3);
    expect(nonCanonical.stderr).toContain('strict DER');
  });

  it('accepts both forms (low and high S) of a detached signature, refuses P-256, RSA and Ed25519 keys, and says "Authentic" only for a key this computer knows for the organisation, noting one that came with the message', async () => {
    const dir = join(work, 'recipe-forms');
    const elsewhere = join(work, 'from-it');
    await mkdir(dir);
    await mkdir(elsewhere);
    await writeFile(join(dir, 'message.json'), JSON.stringify({ order: 43 }));
    const keyId = JSON.parse(await readFile(config, 'utf8')).signingKey as string;
    const signature = Buffer.from(await aws('kms', 'sign', '--key-id', keyId, '--message', `fileb://${join(dir, 'message.json')}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_512', '--query', 'Signature'), 'base64');
    const [high, low] = isHighS(signature) ? [signature, sTwin(signature)] : [sTwin(signature), signature];
    await writeFile(join(dir, 'high.sig'), high);
    await writeFile(join(dir, 'low.sig'), low);
    const publicKey = await aws('kms', 'get-public-key', '--key-id', keyId, '--query', 'PublicKey');
    const pem = `-----BEGIN PUBLIC KEY-----\n${publicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
    await writeFile(join(elsewhere, 'signer.pem'), pem);
    await writeFile(join(dir, 'signer.pem'), pem);
    const detached = (key: string, sig: string) => as('bob', ['verify', '--detached', '--message', join(dir, 'message.json'), '--signature', join(dir, sig), '--key', key]);

    for (const sig of ['low.sig', 'high.sig']) {
      const checked = await detached(join(elsewhere, 'signer.pem'), sig);
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stdout).toContain('Authentic.');
      expect(checked.stdout).not.toContain('came with');
    }

    // The organisation's key says who signed wherever its PEM file lies: it is the key pinned on this computer.
    const orgKeyBeside = await detached(join(dir, 'signer.pem'), 'high.sig');
    expect(orgKeyBeside.code, orgKeyBeside.stderr).toBe(0);
    expect(orgKeyBeside.stdout).toContain('Authentic.');
    expect(orgKeyBeside.stdout).toContain(`which is ${keyId} as pinned on this computer`);

    // Any other P-521 key that signed the message shows only that the two match — the more so when it came with the message.
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    await writeFile(join(dir, 'stranger.pem'), stranger.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(join(dir, 'stranger.sig'), sign('sha512', await readFile(join(dir, 'message.json')), stranger.privateKey));
    const beside = await detached(join(dir, 'stranger.pem'), 'stranger.sig');
    expect(beside.code, beside.stderr).toBe(0);
    expect(beside.stdout).not.toContain('Authentic.');
    expect(beside.stdout).toContain('is not one this computer knows for your organisation: this does not show who signed it.');
    expect(beside.stdout).toContain(`the public key in ${join(dir, 'stranger.pem')}, which is not a key this computer knows for your organisation; it came with the message — it proves only that the message matches that key, not who sent it`);
    const asJson = await as('bob', ['--json', 'verify', '--detached', '--message', join(dir, 'message.json'), '--signature', join(dir, 'stranger.sig'), '--key', join(dir, 'stranger.pem')]);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ verdict: 'matches-unknown-key', keyKnown: false, keyCameWithMessage: true });

    const others = [
      ['p256.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, 'an EC key on P-256'],
      ['rsa.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, 'an RSA key (2048 bits)'],
      ['ed25519.pem', generateKeyPairSync('ed25519').publicKey, 'an Ed25519 key'],
    ] as const;
    for (const [file, key, kind] of others) {
      await writeFile(join(elsewhere, file), key.export({ type: 'spki', format: 'pem' }));
      const refused = await detached(join(elsewhere, file), 'low.sig');
      expect(refused.code, file).toBe(2);
      expect(refused.stderr).toContain(`${join(elsewhere, file)} is ${kind}`);
      expect(refused.stderr).toContain('needs an EC P-521 key');
    }
  });

  it("opens the recipe's message.enc (a KMS-encrypted tar.gz of message.json and message.sig)", async () => {
    const dir = join(work, 'recipe-enc');
    await mkdir(dir);
    await writeFile(join(dir, 'message.json'), '{"ok":true}');
    const signingKey = JSON.parse(await readFile(config, 'utf8')).signingKey as string;
    const sig = await aws('kms', 'sign', '--key-id', signingKey, '--message', `fileb://${join(dir, 'message.json')}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_512', '--query', 'Signature');
    await writeFile(join(dir, 'message.sig'), Buffer.from(sig, 'base64'));
    await run('tar', ['-czf', join(dir, 'message.tar.gz'), '-C', dir, 'message.json', 'message.sig']);
    expect((await stat(join(dir, 'message.tar.gz'))).size).toBeLessThanOrEqual(446);
    const ciphertext = await aws('kms', 'encrypt', '--key-id', 'alias/signet-legal', '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--plaintext', `fileb://${join(dir, 'message.tar.gz')}`, '--query', 'CiphertextBlob');
    await mkdir(join(dir, 'received'));
    await writeFile(join(dir, 'received', 'message.enc'), Buffer.from(ciphertext, 'base64'));
    const opened = await as('bob', ['open', join(dir, 'received', 'message.enc')]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toContain('Authentic. The message was signed with');
    expect(await readFile(join(dir, 'received', 'message.json'), 'utf8')).toBe('{"ok":true}');
    expect((await stat(join(dir, 'received', 'message.enc'))).size).toBe(512);

    const newFolder = join(dir, 'not', 'there', 'yet');
    const intoNew = await as('bob', ['open', join(dir, 'received', 'message.enc'), '-o', newFolder]);
    expect(intoNew.code, intoNew.stderr).toBe(0);
    expect(await readFile(join(newFolder, 'message.json'), 'utf8')).toBe('{"ok":true}');
  });
});

describe('files that are not Signet seals', () => {
  const decryptCalls = async (): Promise<number> =>
    (await readFile(join(work, 'sandbox', 'audit.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line.includes('"operation":"Decrypt"')).length;

  it('says calmly that a small text file or a 1 KiB random file is not a Signet file (exit 3), without asking KMS to decrypt it', async () => {
    const dir = join(work, 'not-signet');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'These are my notes for Tuesday. Nothing sealed here, just plain text, 100 bytes of it all in all.\n'.slice(0, 100));
    await writeFile(join(dir, 'random.bin'), randomBytes(1024));
    const before = await decryptCalls();
    for (const name of ['notes.txt', 'random.bin']) {
      const opened = await as('bob', ['open', join(dir, name), '-o', join(dir, 'out')]);
      expect(opened.code, opened.stderr).toBe(3);
      expect(opened.stderr).toContain("This isn't a Signet sealed file");
      expect(opened.stderr).not.toContain('Do not trust');
    }
    expect(await decryptCalls()).toBe(before);
  });

  it('says 512 random bytes named x.signet are not a Signet file (exit 3), not "wasn\'t sealed for you": a .signet name is never tried as the recipe\'s message', async () => {
    const dir = join(work, 'random-signet');
    await mkdir(dir);
    await writeFile(join(dir, 'x.signet'), Buffer.concat([Buffer.from([0xff]), randomBytes(511)]));
    const before = await decryptCalls();
    const opened = await as('bob', ['open', join(dir, 'x.signet')]);
    expect(opened.code, opened.stderr).toBe(3);
    expect(opened.stderr).toContain("This isn't a Signet sealed file");
    expect(await decryptCalls()).toBe(before);
  });

  it('says a plain-text file named x.signet is not a Signet file, not "Do not trust this file"', async () => {
    const dir = join(work, 'named-signet');
    await mkdir(dir);
    await writeFile(join(dir, 'x.signet'), 'hello, this is a plain text file that someone named x.signet\n');
    const opened = await as('bob', ['open', join(dir, 'x.signet')]);
    expect(opened.code, opened.stderr).toBe(3);
    expect(opened.stderr).toContain("This isn't a Signet sealed file, so there is nothing in it to open or check. If you expected one, ask the sender to send the .signet file again.");
    expect(opened.stderr).not.toContain('Do not trust');
  });

  it('says a .signet cut anywhere after its header is incomplete, never that it was changed (exit 3)', async () => {
    const whole = await readFile(join(work, 'contract.txt.signet'));
    const dir = join(work, 'cut-after-header');
    await mkdir(dir);
    for (const keep of [0.3, 0.6, 0.9].map((share) => Math.floor(whole.length * share)).concat(whole.length - 1)) {
      await writeFile(join(dir, 'contract.txt.signet'), whole.subarray(0, keep));
      const opened = await as('bob', ['open', join(dir, 'contract.txt.signet'), '-o', join(dir, 'out')]);
      expect(opened.code, `${keep} of ${whole.length} bytes: ${opened.stderr}`).toBe(3);
      expect(opened.stderr).toContain('This file is incomplete — the download or copy was cut short. Fetch it again from the sender.');
      expect(opened.stderr).not.toContain('changed');
    }
    await expect(readdir(dir)).resolves.toEqual(['contract.txt.signet']);
  });

  it('says a .signet cut to 5 bytes is incomplete (exit 3)', async () => {
    const dir = join(work, 'cut-signet');
    await mkdir(dir);
    await writeFile(join(dir, 'contract.txt.signet'), (await readFile(join(work, 'contract.txt.signet'))).subarray(0, 5));
    const opened = await as('bob', ['open', join(dir, 'contract.txt.signet')]);
    expect(opened.code, opened.stderr).toBe(3);
    expect(opened.stderr).toContain('incomplete');
  });
});
