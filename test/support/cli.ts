// Runs the built `signet` command as a child process, as a person or script would.
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SIGNET_BIN = fileURLToPath(new URL('../../bin/signet.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runSignet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIGNET_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running signet command and resolves with the first line it prints. */
export function startSignet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; firstLine: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIGNET_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let resolved = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (!resolved && newline >= 0) {
        resolved = true;
        resolve({ child, firstLine: stdout.slice(0, newline), output: () => stdout });
      }
    });
    child.on('close', (code) => {
      if (!resolved) reject(new Error(`signet exited with ${code} before printing a line: ${stderr}`));
    });
  });
}

/** Ends a process started with startSignet and resolves once it has exited, so nothing it writes races a clean-up. */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
