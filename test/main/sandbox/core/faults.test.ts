// The fault injector's record of what its rules fired, which fault tests read to prove
// their fault happened: one entry per call a rule hit, bounded, and reset with the rules.
import { expect, it } from 'vitest';
import { FaultInjector } from '../../../../src/main/sandbox/core/faults.js';

it('records each call a rule hit, keeps the latest 1000, and starts afresh when the rules are set', async () => {
  const faults = new FaultInjector();
  faults.set([{ operation: 'kms:Sign', fault: 'throttle', count: 1 }, { operation: 'kms:*' }]);
  await expect(faults.apply('kms', 'Sign')).rejects.toMatchObject({ code: 'ThrottlingException' });
  await faults.apply('sts', 'AssumeRole');
  for (let i = 0; i < 1000; i++) await faults.apply('kms', 'Decrypt');
  const fired = faults.fired();
  expect(fired).toHaveLength(1000);
  expect(fired[0]).toEqual({ call: 'kms:Decrypt', fault: null, latencyMs: 0 });
  faults.set([]);
  expect(faults.fired()).toEqual([]);
});
