import { expect } from 'vitest';

/** Awaits a call that must fail with the AWS error `name`; returns the error for further checks. */
export async function expectAwsError(promise: Promise<unknown>, name: string): Promise<Error & { $metadata?: { httpStatusCode?: number; requestId?: string } }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, `expected ${name}, but the call succeeded`).toBeDefined();
  expect(error!.name).toBe(name);
  return error!;
}
