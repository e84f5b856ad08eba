// Seal and open when AWS misbehaves, through the sandbox's fault injection and the
// real SDK: throttling and a passing server error are retried and the work succeeds; a
// persistent server error or a vanished endpoint (before unwrapping, at signing, while
// fetching the signer's key) fails with words a person understands, and the destination
// is left exactly as it was.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignetContext } from '../../../src/main/services/context.js';
import { verdictOf } from '../../../src/main/services/verdict.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { refusal } from '../../support/demoOrganisation.js';
import { signedInAs } from '../../support/people.js';
import { adminCall, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
let work: string;
let alice: SignetContext;
let bob: SignetContext;
let n = 0;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  work = await mkdtemp(join(tmpdir(), 'signet-faults-'));
  [alice, bob] = await Promise.all([signedInAs(sandbox, 'alice', work), signedInAs(sandbox, 'bob', work)]);
  await writeFile(join(work, 'memo.txt'), 'memo');
});
afterEach(() => adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [] }));
afterAll(async () => {
  await sandbox.remove();
  await rm(work, { recursive: true, force: true });
});

const faults = (rules: object[]) => adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules });
/** The calls the current fault rules have hit, as "service:Operation fault" ("kms:Sign throttle", "kms:ListKeys 300 ms"). */
const fired = () => sandbox.faults.fired().map((f) => `${f.call} ${f.fault ?? `${f.latencyMs} ms`}`);
const sealMemo = (output = join(work, `memo-${n++}.signet`)) => sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output }).then(() => output);


describe('when AWS misbehaves', () => {
  it('retries throttled Sign calls and seals', async () => {
    await faults([{ operation: 'kms:Sign', fault: 'throttle', count: 2 }]);
    const output = await sealMemo();
    expect(fired()).toEqual(['kms:Sign throttle', 'kms:Sign throttle']);
    expect(await readdir(work)).toContain(output.split('/').pop());
  });

  it('seals despite a slow answer from KMS', async () => {
    await faults([{ operation: 'kms:*', latencyMs: 300, count: 3 }]);
    const output = await sealMemo();
    expect(fired()).toEqual(['kms:GetPublicKey 300 ms', 'kms:Sign 300 ms']);
    expect(await readdir(work)).toContain(output.split('/').pop());
  });

  it('retries a passing server error on Decrypt and opens', async () => {
    const sealed = await sealMemo();
    const destination = join(work, `out-${n++}`);
    await mkdir(destination);
    await faults([{ operation: 'kms:Decrypt', fault: 'server-error', count: 2 }]);
    const result = await openFile(bob, { input: sealed, destination });
    expect(fired()).toEqual(['kms:Decrypt server-error', 'kms:Decrypt server-error']);
    expect(result.released).toEqual([join(destination, 'memo.txt')]);
    expect(await readdir(destination)).toEqual(['memo.txt']);
  });

  it('says it is offline when the endpoint vanishes at signing, after the contents were encrypted, and leaves no file', async () => {
    const folder = join(work, `seal-${n++}`);
    await mkdir(folder);
    await faults([{ operation: 'kms:Sign', fault: 'disconnect' }]);
    const error = await refusal(sealMemo(join(folder, 'memo.signet')));
    expect(new Set(fired())).toEqual(new Set(['kms:Sign disconnect']));
    expect(['OFFLINE', 'SERVICE_ERROR']).toContain(error.code);
    expect(error.message).toMatch(/^(You're offline\.|AWS did not answer as expected\.)/);
    expect(await readdir(folder)).toEqual([]);
    await faults([]);
    await sealMemo(join(folder, 'memo.signet'));
    expect(await readdir(folder)).toEqual(['memo.signet']);
  });

  it('says the service failed when Decrypt keeps failing, and saves nothing', async () => {
    const sealed = await sealMemo();
    const destination = join(work, `out-${n++}`);
    await mkdir(destination);
    await faults([{ operation: 'kms:Decrypt', fault: 'server-error' }]);
    const error = await refusal(openFile(bob, { input: sealed, destination }));
    expect(new Set(fired())).toEqual(new Set(['kms:Decrypt server-error']));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).toBe('AWS did not answer as expected. Try again in a moment.');
    expect(await readdir(destination)).toEqual([]);
  });

  it('says it is offline when the endpoint vanishes before unwrapping, and saves nothing', async () => {
    const sealed = await sealMemo();
    const destination = join(work, `out-${n++}`);
    await mkdir(destination);
    await faults([{ operation: 'kms:Decrypt', fault: 'disconnect' }]);
    const error = await refusal(openFile(bob, { input: sealed, destination }));
    expect(new Set(fired())).toEqual(new Set(['kms:Decrypt disconnect']));
    expect(['OFFLINE', 'SERVICE_ERROR']).toContain(error.code);
    expect(await readdir(destination)).toEqual([]);
  });

  it("opens for a newcomer whose trust file can't be fetched, but says revocation is unknown rather than authentic", async () => {
    const carol = await signedInAs(sandbox, 'carol', work);
    const sealed = await sealFiles(carol, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: join(work, `memo-${n++}.signet`) }).then((r) => r.output);
    const bobConfig = (await signedInAs(sandbox, 'bob', work)).config;
    // Where IT publishes the trust file is unreachable: a port nothing listens on.
    const unreachable = { ...bobConfig, trust: { ...bobConfig.trust!, updates: 'http://127.0.0.1:9/pki/signet.signet-trust' } };
    const newcomer = await signedInAs(sandbox, 'bob', work, unreachable);
    const destination = join(work, `out-${n++}`);
    await mkdir(destination);
    const opened = await openFile(newcomer, { input: sealed, destination });
    const verdict = verdictOf(opened);
    expect(verdict.verdict).toBe('revocation-unknown');
    expect(verdict.signer.certified?.name).toBe('Carol Example');
    expect(verdict.revocationNote).toMatch(/CRL|revocation/i);
    expect(await readdir(destination)).toEqual(['memo.txt']);
  });
});
