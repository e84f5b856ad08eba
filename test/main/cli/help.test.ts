// Help and usage on the command line: every way of asking for help prints the
// command's usage and an example and exits 0; a command line Signet does not
// understand says what was wrong, then the usage line (exit 2); a demo person who
// does not exist is answered with the ones who do; and a seal that would replace a
// file says how to replace it or choose another name.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandList } from '../../../src/main/cli/usage.js';
import { runSignet } from '../../support/cli.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const COMMANDS = ['demo', 'login', 'whoami', 'logout', 'seal', 'open', 'verify', 'keys', 'trust', 'admin', 'sandbox'];

describe('help', () => {
  it('signet --help and signet help print the usage of every command and an example', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const result = await runSignet(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: signet');
      for (const command of COMMANDS) expect(result.stdout).toContain(`signet ${command}`);
      expect(result.stdout).toMatch(/Example: signet \S/);
    }
  });

  it.each(COMMANDS)('each form of help for %s prints its usage and an example', async (command) => {
    const forms = [[command, '--help'], [command, '-h'], ['help', command]];
    const outputs = await Promise.all(forms.map((args) => runSignet(args)));
    for (const [i, result] of outputs.entries()) {
      expect(result.code, forms[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: signet ${command}\\b`));
      expect(result.stdout).toMatch(new RegExp(`\\nExample: signet ${command}\\b`));
      expect(result.stdout).toBe(outputs[0]!.stdout);
    }
  });

  it('help for a command that does not exist is a usage error that lists the commands', async () => {
    const result = await runSignet(['help', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"nope" is not a signet command.');
    expect(result.stderr).toContain(COMMANDS.join(', '));
  });

  it("the README's command list is the one the CLI prints", async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const block = readme.split('## The `signet` command')[1]!.split('```')[1]!;
    expect(block.trim()).toBe(commandList().trim());
  });
});

describe('usage errors', () => {
  it('say what was wrong, then the command’s usage line', async () => {
    const result = await runSignet(['seal', '--to', 'Legal']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name the files or folders to seal.');
    expect(result.stderr).toContain('Usage: signet seal --to NAME[,NAME…] [-o OUT] [--force] PATH…');
    const unknownOption = await runSignet(['open', '--nope', 'x.signet']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('Usage: signet open FILE.signet [-o DIR] [--evidence DIR] [--force]');
  });
});

describe('against a sandbox', () => {
  let sandbox: TestSandbox;
  let work: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    work = await mkdtemp(join(tmpdir(), 'signet-cli-help-'));
  });
  afterAll(async () => {
    await sandbox.remove();
    await rm(work, { recursive: true, force: true });
  });

  it('login --user with someone who is not a demo person lists the demo people', async () => {
    const result = await runSignet(['--config', sandbox.configPath, 'login', '--user', 'mallory'], { SIGNET_HOME: join(work, 'home-mallory') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("There's no demo person called mallory. Choose one of: alice (Alice Example, Finance), bob (Bob Example, Legal), carol (Carol Example, Finance).");
  });

  it('a seal that would replace a file says how to replace it or choose another name', async () => {
    const env = { SIGNET_HOME: join(work, 'home-alice') };
    expect((await runSignet(['--config', sandbox.configPath, 'login', '--user', 'alice'], env)).code).toBe(0);
    await writeFile(join(work, 'report.txt'), 'report');
    await writeFile(join(work, 'report.txt.signet'), 'taken');
    const result = await runSignet(['--config', sandbox.configPath, 'seal', '--to', 'Legal', join(work, 'report.txt')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists');
    expect(result.stderr).toContain('Replace it with --force, or choose another name with -o.');
    expect(await readFile(join(work, 'report.txt.signet'), 'utf8')).toBe('taken');
  });
});
