// `signet verify` checks everything it names (issue 14), through the real command
// against a sandbox process: a seal is decrypted and checked whole again, so one whose
// payload was zeroed behind its kept header is refused; an evidence folder is checked
// file by file, so a changed verdict.json, files.sha256 or root.pem is exit 3 naming it
// and the reports are marked as summaries; with --documents the opened documents are
// compared with the signed list. Untouched evidence still passes with the sandbox gone.
import { execFile, type ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeader } from '../../../src/main/engine/open.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';
import { makeRootCa, pemOf } from '../../support/pkiFixtures.js';

const run = promisify(execFile);
let work: string;
let sandboxProcess: ChildProcess;
let config: string;
const home = (who: string) => join(work, `home-${who}`);
const as = (who: string, args: string[]) => runSignet(['--config', config, ...args], { SIGNET_HOME: home(who) });
const sealedFile = () => join(work, 'inbox', 'papers.signet');
const evidence = () => join(work, 'evidence');
const opened = () => join(work, 'opened');

/** A copy of the untouched evidence folder, named `name`, changed by `change` (given the copy's path). */
async function tamperedEvidence(name: string, change: (dir: string) => Promise<void>): Promise<string> {
  const copy = join(work, name);
  await cp(evidence(), copy, { recursive: true });
  await change(copy);
  return copy;
}

/** A copy of the opened documents, named `name`, changed by `change`. */
async function changedDocuments(name: string, change: (dir: string) => Promise<void>): Promise<string> {
  const copy = join(work, name);
  await cp(opened(), copy, { recursive: true });
  await change(copy);
  return copy;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-verify-'));
  const started = await startSignet(['sandbox', '--dir', join(work, 'sandbox')]);
  sandboxProcess = started.child;
  config = started.firstLine.split(' config ')[1]!;
  for (const who of ['alice', 'bob']) expect((await as(who, ['login', '--user', who])).code).toBe(0);
  await mkdir(join(work, 'outbox'));
  await writeFile(join(work, 'outbox', 'contract.txt'), 'the signed contract\n');
  await writeFile(join(work, 'outbox', 'annex.txt'), 'the annex\n');
  await mkdir(join(work, 'inbox'));
  const sealed = await as('alice', ['seal', '--to', 'Legal', '-o', sealedFile(), join(work, 'outbox', 'contract.txt'), join(work, 'outbox', 'annex.txt')]);
  expect(sealed.code, sealed.stderr).toBe(0);
  const open = await as('bob', ['open', sealedFile(), '-o', opened(), '--evidence', evidence()]);
  expect(open.code, open.stderr).toBe(0);
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('verify FILE.signet', () => {
  it('decrypts and checks every byte again, writing nothing, and says so', async () => {
    const before = (await readdir(join(work, 'inbox'))).sort();
    const checked = await as('bob', ['verify', sealedFile()]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^Authentic\. Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\./);
    expect(checked.stdout).toContain('Every byte was decrypted and checked again (nothing was written)');
    expect((await readdir(join(work, 'inbox'))).sort()).toEqual(before);
    expect(JSON.parse((await as('bob', ['--json', 'verify', sealedFile()])).stdout)).toMatchObject({ ok: true, verdict: 'authentic', contents: 'checked' });
  });

  it('refuses a seal whose header was kept and whose payload was replaced with zeros (exit 3); --offline says the contents were not read', async () => {
    const bytes = await readFile(sealedFile());
    const { payloadOffset } = await readHeader(sealedFile());
    bytes.fill(0, payloadOffset);
    const zeroed = join(work, 'inbox', 'zeroed.signet');
    await writeFile(zeroed, bytes);
    const checked = await as('bob', ['verify', zeroed]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust this file: it was changed after it was sealed.');
    expect(checked.stdout).toBe('');
    // The same header: the receipt kept when the original was opened matches it, and the output says what that does not show.
    const kept = await as('bob', ['verify', '--offline', zeroed]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/^Authentic signature\. Sealed by Alice Example, Finance on /);
    expect(kept.stdout).toContain('the signature this computer kept when it opened the file on');
    expect(kept.stdout).toContain("The file's contents were not read, so this does not show they are unchanged.");
    expect(kept.stdout).not.toContain('Nothing has changed');
    expect(JSON.parse((await as('bob', ['--json', 'verify', '--offline', zeroed])).stdout)).toMatchObject({ ok: true, contents: 'not read' });
  });
});

describe('verify EVIDENCE_DIR', () => {
  it('lists every file with what it was checked against, marks the reports as summaries, and says the documents were not checked', async () => {
    const checked = await as('bob', ['verify', evidence()]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^Authentic signature\. Sealed by Alice Example, Finance on /);
    expect(checked.stdout).not.toContain('Nothing has changed');
    expect(checked.stdout).toContain('Documents: not checked.');
    expect(checked.stdout).toContain('  verdict.json: checked against the signed manifest.json, field by field');
    expect(checked.stdout).toContain('  files.sha256: checked against the signed manifest.json, line by line');
    expect(checked.stdout).toContain("  root.pem: checked against the root certificate your organisation's configuration pins");
    expect(checked.stdout).toContain('  report.pdf: a summary for people: it proves nothing and was not checked');
    expect(checked.stdout).toContain('  report.html: a summary for people: it proves nothing and was not checked');
    expect(checked.stdout).toContain('  crls.pem: not checked');
    const json = JSON.parse((await as('bob', ['--json', 'verify', evidence()])).stdout);
    expect(json).toMatchObject({ ok: true, verdict: 'authentic', documents: 'not checked' });
    expect(json.evidenceFiles).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'report.pdf', role: 'summary', present: true })]));
  });

  it('refuses verdict.json with the signer\'s name changed (exit 3), naming the file and the field', async () => {
    const dir = await tamperedEvidence('evidence-name', async (copy) => {
      const verdict = JSON.parse(await readFile(join(copy, 'verdict.json'), 'utf8'));
      verdict.signer.certified.name = 'Mallory Example';
      await writeFile(join(copy, 'verdict.json'), JSON.stringify(verdict, null, 2));
    });
    const checked = await as('bob', ['verify', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust this evidence folder: verdict.json does not agree with the signed manifest.json at "signer.certified.name"');
  });

  it('refuses manifest.json with one character changed (exit 3) in words about the evidence folder, not "this file" or "nothing saved"', async () => {
    const dir = await tamperedEvidence('evidence-manifest', async (copy) => {
      const manifest = await readFile(join(copy, 'manifest.json'), 'utf8');
      await writeFile(join(copy, 'manifest.json'), manifest.replace('"annex.txt"', '"annex.TXT"'));
    });
    const checked = await as('bob', ['verify', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust this evidence folder: its signature (manifest.sig) does not match manifest.json, so one of them was changed. Ask whoever gave you the folder for the original.');
    expect(checked.stderr).not.toMatch(/this file|Nothing from it was saved/);
  });

  it('refuses files.sha256 with a hash zeroed (exit 3), naming the line and the file', async () => {
    const dir = await tamperedEvidence('evidence-hash', async (copy) => {
      const lines = (await readFile(join(copy, 'files.sha256'), 'utf8')).split('\n');
      lines[1] = '0'.repeat(64) + lines[1]!.slice(64);
      await writeFile(join(copy, 'files.sha256'), lines.join('\n'));
    });
    const checked = await as('bob', ['verify', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/Do not trust this evidence folder: files\.sha256 line 2 is not the signed manifest\.json's SHA-256 of (annex|contract)\.txt/);
  });

  it('refuses root.pem replaced by another root (exit 3), naming it', async () => {
    const dir = await tamperedEvidence('evidence-root', async (copy) => writeFile(join(copy, 'root.pem'), pemOf((await makeRootCa()).certificate)));
    const checked = await as('bob', ['verify', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain("Do not trust this evidence folder: root.pem is not your organisation's root certificate");
  });

  it('marks an edited report.html and a report.pdf replaced by garbage as summaries that prove nothing, and lists a file that is not evidence', async () => {
    const dir = await tamperedEvidence('evidence-reports', async (copy) => {
      await writeFile(join(copy, 'report.html'), (await readFile(join(copy, 'report.html'), 'utf8')).replaceAll('Alice Example', 'Mallory Example'));
      await writeFile(join(copy, 'report.pdf'), Buffer.alloc(4096, 0x41));
      await writeFile(join(copy, 'notes.txt'), 'added later');
    });
    const checked = await as('bob', ['verify', dir]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('  report.html: a summary for people: it proves nothing and was not checked');
    expect(checked.stdout).toContain('  report.pdf: a summary for people: it proves nothing and was not checked');
    expect(checked.stdout).toContain('  notes.txt: not part of the evidence — not checked');
  });
});

describe('verify EVIDENCE_DIR --documents DIR', () => {
  it('compares each opened document with the signed list, lists files the seal did not hold, and says which were covered', async () => {
    const dir = await changedDocuments('documents-extra', (copy) => writeFile(join(copy, 'cover letter.txt'), 'not sealed'));
    const checked = await as('bob', ['verify', evidence(), '--documents', dir]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^Authentic\. Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\./);
    expect(checked.stdout).toMatch(/Documents: 2 checked in .*, each as it was sealed: (annex\.txt, contract\.txt|contract\.txt, annex\.txt)\./);
    expect(checked.stdout).toContain('Also in that folder, not in the seal (not checked): cover letter.txt.');
    const json = JSON.parse((await as('bob', ['--json', 'verify', evidence(), '--documents', dir])).stdout);
    expect(json.documents).toMatchObject({ folder: dir, extra: ['cover letter.txt'] });
    expect([...json.documents.checked].sort()).toEqual(['annex.txt', 'contract.txt']);
  });

  it('refuses a document with a line appended (exit 3), naming it; sha256sum -c agrees', async () => {
    const dir = await changedDocuments('documents-appended', (copy) => appendFile(join(copy, 'contract.txt'), 'and one more clause\n'));
    const checked = await as('bob', ['verify', evidence(), '--documents', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust these documents: contract.txt has changed since it was sealed');
    expect(checked.stderr).not.toContain('annex.txt');
    const sha256sum = await run('sha256sum', ['-c', join(evidence(), 'files.sha256')], { cwd: dir }).catch((error: { stdout: string }) => error);
    expect(sha256sum.stdout).toContain('contract.txt: FAILED');
    expect(sha256sum.stdout).toContain('annex.txt: OK');
  });

  it('refuses a missing document (exit 3), naming it', async () => {
    const dir = await changedDocuments('documents-missing', (copy) => rm(join(copy, 'annex.txt')));
    const checked = await as('bob', ['verify', evidence(), '--documents', dir]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('Do not trust these documents: annex.txt is missing');
  });
});

describe('with the sandbox stopped', () => {
  it('untouched evidence and its documents still pass; checking a seal whole needs access, and the failure says how to check what was kept', async () => {
    await stopProcess(sandboxProcess);
    const checked = await as('bob', ['verify', evidence(), '--documents', opened()]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^Authentic\. Sealed by Alice Example, Finance/);
    const whole = await as('bob', ['verify', sealedFile()]);
    expect(whole.code).toBe(5);
    expect(whole.stderr).toContain('add --offline');
    const kept = await as('bob', ['verify', '--offline', sealedFile()]);
    expect(kept.code, kept.stderr).toBe(0);
  });
});
