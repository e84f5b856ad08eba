// The set-up several service tests share: a sandbox with its demo organisation, a
// temporary folder, and alice, bob and carol each signed in through the real device
// sign-in; and the check that a promise is refused with a SignetError.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SignetContext } from '../../src/main/services/context.js';
import { SignetError } from '../../src/shared/errors.js';
import { signedInAs } from './people.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';

export interface SignedInOrganisation {
  sandbox: TestSandbox;
  /** A temporary folder named `prefix…`, removed with the sandbox. */
  work: string;
  alice: SignetContext;
  bob: SignetContext;
  carol: SignetContext;
  remove(): Promise<void>;
}

export async function signedInOrganisation(prefix: string): Promise<SignedInOrganisation> {
  const sandbox = await startTestSandbox();
  const work = await mkdtemp(join(tmpdir(), prefix));
  const [alice, bob, carol] = await Promise.all([signedInAs(sandbox, 'alice', work), signedInAs(sandbox, 'bob', work), signedInAs(sandbox, 'carol', work)]);
  return {
    sandbox,
    work,
    alice,
    bob,
    carol,
    async remove() {
      await sandbox.remove();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** The SignetError `promise` is refused with; fails the test when it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SignetError);
  return error as SignetError;
}
