// The AWS CLI v2 that the sandbox must satisfy unchanged. On these machines a pip
// install of CLI v1 can come first on PATH (pyenv's shims), so the tests look for a
// v2 — Debian's awscli package puts one in /usr/bin — and fail loudly without one
// rather than quietly testing against v1.
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

function versionOf(command: string): string | undefined {
  try {
    return execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

function findAwsCliV2(): string {
  const candidates = ['/usr/bin/aws', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'aws'))];
  for (const candidate of candidates) if (versionOf(candidate)?.startsWith('aws-cli/2.')) return candidate;
  throw new Error(`No AWS CLI v2 found (tried ${candidates.join(', ')}). Install it: apt-get install -y awscli`);
}

let found: string | undefined;

/** The path of an AWS CLI v2 executable; throws when there is none. */
export function awsCliV2(): string {
  found ??= findAwsCliV2();
  return found;
}
