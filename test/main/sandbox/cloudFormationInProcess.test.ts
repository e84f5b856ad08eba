// CloudFormation's operation table run in-process, as the sandbox's own set-up code
// runs it (no HTTP): a stack made as the administrator, the audit record naming the
// stack rather than what it made, and a property the sandbox does not take failing its
// resource with the schema check's words. Also: a state file from before stacks and
// permission sets still loads.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOUDFORMATION_OPERATIONS } from '../../../src/main/sandbox/cloudFormation/operations.js';
import { resolveCaller } from '../../../src/main/sandbox/core/callers.js';
import type { SignedCall } from '../../../src/main/sandbox/core/service.js';
import { SandboxStateError, SandboxStore, STATE_FILE, stacksOf } from '../../../src/main/sandbox/core/state.js';
import { provisionAccount } from '../../../src/main/sandbox/provision.js';

let dir: string;
let store: SandboxStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-cfn-'));
  store = await provisionAccount(dir, 'eu-west-2');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function asAdministrator(): SignedCall {
  const key = Object.values(store.state.accessKeys).find((k) => k.principal.kind === 'user')!;
  return { store, caller: resolveCaller(store.state, key), audit: {}, baseUrl: 'http://127.0.0.1:1' };
}

const createStack = (call: SignedCall, name: string, template: object): Promise<string> =>
  Promise.resolve(CLOUDFORMATION_OPERATIONS.CreateStack!.run(new URLSearchParams({ StackName: name, TemplateBody: JSON.stringify(template) }), call));

it('creates a stack in-process; the call is audited as the stack, not as the key it made', async () => {
  const call = asAdministrator();
  const answer = await createStack(call, 'keys', { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { Description: 'in-process' } } }, Outputs: { Id: { Value: { Ref: 'Key' } } } });
  const stack = Object.values(stacksOf(store.state)).find((s) => s.name === 'keys')!;
  expect(answer).toBe(`<CreateStackResult><StackId>${stack.stackId}</StackId></CreateStackResult>`);
  expect(stack.status).toBe('CREATE_COMPLETE');
  expect(store.state.keys[stack.outputs[0]!.OutputValue]!.description).toBe('in-process');
  expect(call.audit.resource).toBe(stack.stackId);
});

it('a property the sandbox does not take fails its resource with the schema check’s words', async () => {
  await createStack(asAdministrator(), 'rotation', { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } } } });
  const stack = Object.values(stacksOf(store.state)).find((s) => s.name === 'rotation')!;
  expect(stack.status).toBe('ROLLBACK_COMPLETE');
  const failure = (name: string): string | undefined => Object.values(stacksOf(store.state)).find((s) => s.name === name)!.events.find((e) => e.status === 'CREATE_FAILED')?.reason;
  expect(failure('rotation')).toMatch(/^Properties validation failed for resource Key with message: \[#: extraneous key \[EnableKeyRotation\] is not permitted/);
  await createStack(asAdministrator(), 'window', { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { PendingWindowInDays: 3 } } } });
  expect(failure('window')).toBe('Properties validation failed for resource Key with message: [#/PendingWindowInDays: 3 is not an integer from 7 to 30]');
});

it('a state file from before stacks and permission sets loads with both tables empty; a damaged one is refused', async () => {
  const older = await mkdtemp(join(tmpdir(), 'signet-cfn-older-'));
  try {
    const { stacks: _stacks, permissionSets: _sets, ...before } = store.state;
    await writeFile(join(older, STATE_FILE), JSON.stringify(before));
    const loaded = (await SandboxStore.load(older))!;
    expect(loaded.state.stacks).toEqual({});
    expect(loaded.state.permissionSets).toEqual({});
    await writeFile(join(older, STATE_FILE), JSON.stringify({ ...before, stacks: [] }));
    await expect(SandboxStore.load(older)).rejects.toThrow(SandboxStateError);
  } finally {
    await rm(older, { recursive: true, force: true });
  }
});
