// The IPC boundary in main: requests are validated against the shared contract before
// any handler runs, failures come back as { code, message }, and a file can be opened
// by path only if main itself announced it. No AWS call is made here.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOrgConfig } from '../../../src/main/config/orgConfig.js';
import { createHandlers, dispatch } from '../../../src/main/ipc/handlers.js';
import { createContext } from '../../../src/main/services/context.js';
import { EXAMPLE_CONFIG } from '../../support/exampleConfig.js';

const config = parseOrgConfig(JSON.stringify(EXAMPLE_CONFIG), 'test');

const homes: string[] = [];
afterAll(() => Promise.all(homes.map((home) => rm(home, { recursive: true, force: true }))));

async function handlers(announced = new Set<string>(), dragged: string[] = []) {
  const home = await mkdtemp(join(tmpdir(), 'signet-ipc-'));
  homes.push(home);
  const ctx = await createContext(config, home);
  return createHandlers({ ctx, emit: () => undefined, openExternal: async () => undefined, reveal: () => undefined, announced, startDrag: (path) => dragged.push(path) });
}

describe('IPC requests', () => {
  it('refuses unknown channels and payloads that do not match the contract, before any handler runs', async () => {
    const h = await handlers();
    expect(await dispatch(h, 'shell:exec', {})).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await dispatch(h, 'seal:run', { operationId: 'x', paths: [], to: ['Legal'] })).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await dispatch(h, 'identity:signIn', { demoUser: '../../etc' })).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await dispatch(h, 'recipients:list', {})).toEqual({ ok: true, value: EXAMPLE_CONFIG.recipients.map((r) => ({ name: r.name })) });
  });

  it('opens by path only what main announced (command line, second instance, file association)', async () => {
    const h = await handlers(new Set(['/home/alice/Downloads/report.signet']));
    const refused = await dispatch(h, 'open:announced', { operationId: 'op-12345678', path: '/etc/shadow' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
  });

  it('seals and imports trust files by path only when main announced them ("Seal with Signet", "Open with Signet")', async () => {
    const home = await mkdtemp(join(tmpdir(), 'signet-ipc-announced-'));
    homes.push(home);
    const trustFile = join(home, 'org.signet-trust');
    await writeFile(trustFile, 'not a trust file');
    const h = await handlers(new Set([trustFile, join(home, 'budget.txt')]));
    const seal = (paths: string[]) => dispatch(h, 'seal:announced', { operationId: 'op-12345678', paths, to: ['Legal'] });
    expect(await seal(['/etc/shadow'])).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(await seal([join(home, 'budget.txt'), '/etc/shadow'])).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(await dispatch(h, 'trust:announced', { path: '/etc/shadow' })).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    // Announced, it gets past the gate to the import itself: the same answer as importing it from the window.
    const imported = await dispatch(h, 'trust:announced', { path: trustFile });
    expect(imported).toEqual(await dispatch(h, 'trust:import', { path: trustFile }));
    expect(imported).not.toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });

  it('drags out of the window only files Signet wrote itself', async () => {
    const dragged: string[] = [];
    const h = await handlers(new Set(['/home/alice/report.signet']), dragged);
    expect(await dispatch(h, 'files:drag', { path: '/etc/passwd' })).toEqual({ ok: true, value: { started: false } });
    expect(await dispatch(h, 'files:drag', { path: '/home/alice/report.signet' }), 'announced is not written').toEqual({ ok: true, value: { started: false } });
    expect(dragged).toEqual([]);
  });

  it('shows an earlier verdict only by a receipt id, and says when the receipt is gone', async () => {
    const h = await handlers();
    expect(await dispatch(h, 'activity:verdict', { receipt: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await dispatch(h, 'activity:verdict', { receipt: 'a'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'NOT_OPENED_HERE' } });
  });

  it('reveals only files Signet wrote itself', async () => {
    const h = await handlers();
    expect(await dispatch(h, 'files:reveal', { path: '/etc/passwd' })).toEqual({ ok: true, value: { shown: false } });
  });

  it('never lets an internal error or its stack cross the boundary', async () => {
    const h = await handlers();
    (h as unknown as Record<string, () => Promise<never>>)['keys:list'] = async () => {
      throw new TypeError('secret internal detail at /src/main/x.ts:1');
    };
    const result = await dispatch(h, 'keys:list', {});
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } });
  });
});
