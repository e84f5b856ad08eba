// The IPC sender check (src/main/app/ipcRegistration.ts). Electron cannot start here, so
// ipcMain, the window and its frames are stand-ins on purpose: plain objects with the
// fields the check reads. registerIpc registers on the stand-in exactly as main.ts
// registers on ipcMain, and the test calls what it registered.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOurTopLevelFrame, registerIpc, type FrameLike, type InvokeEventLike } from '../../../src/main/app/ipcRegistration.js';
import type { Handlers } from '../../../src/main/ipc/handlers.js';
import { CONTRACT, type Result } from '../../../src/shared/ipc.js';

const frame = (url: string): FrameLike => ({ url });

describe('which frames may call main', () => {
  const ours = frame('app://signet/index.html');

  it("accepts the window's own top-level frame on an app://signet/ page", () => {
    expect(isOurTopLevelFrame(ours, ours)).toBe(true);
    const atRoot = frame('app://signet/');
    expect(isOurTopLevelFrame(atRoot, atRoot)).toBe(true);
  });

  it.each([
    ['another https origin', 'https://evil.example/'],
    ['another app:// host', 'app://other/index.html'],
    ['a host that starts with signet', 'app://signet.evil/index.html'],
    ['a user name before signet', 'app://signet@evil/index.html'],
    ['about:blank', 'about:blank'],
    ['a file: page', 'file:///tmp/index.html'],
    ['no URL at all', ''],
  ])('refuses our main frame once it shows %s', (_what, url) => {
    const top = frame(url);
    expect(isOurTopLevelFrame(top, top)).toBe(false);
  });

  it('refuses a subframe of our window, even one showing an app://signet/ page', () => {
    expect(isOurTopLevelFrame(frame('app://signet/index.html'), ours)).toBe(false);
  });

  it('refuses a sender frame that is gone (null)', () => {
    expect(isOurTopLevelFrame(null, ours)).toBe(false);
  });
});

describe('registerIpc', () => {
  function registered() {
    const listeners = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<Result<unknown>> | Result<unknown>>();
    const mainFrame = frame('app://signet/index.html');
    const calls: string[] = [];
    // Every handler records that it ran and answers an empty list (what activity:list
    // answers when nothing happened yet); none may run for a refused sender.
    const handlers = new Proxy({} as Handlers, {
      get: (_target, name) => async () => {
        calls.push(String(name));
        return [];
      },
    });
    registerIpc({ handle: (channel, listener) => listeners.set(channel, listener) }, { webContents: { mainFrame } }, handlers);
    return { listeners, mainFrame, calls };
  }

  it('registers every contract channel', () => {
    expect([...registered().listeners.keys()].sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  it('answers ACCESS_DENIED on every channel to a subframe, another page or a gone frame, and runs no handler', async () => {
    const { listeners, calls } = registered();
    for (const senderFrame of [frame('app://signet/index.html'), frame('https://evil.example/'), null]) {
      for (const [channel, listener] of listeners) {
        expect(await listener({ senderFrame }, undefined), channel).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
      }
    }
    expect(calls).toEqual([]);
  });

  it('passes a request from our top-level frame on to its handler, through dispatch', async () => {
    const { listeners, mainFrame, calls } = registered();
    expect(await listeners.get('activity:list')!({ senderFrame: mainFrame }, {})).toEqual({ ok: true, value: [] });
    expect(calls).toEqual(['activity:list']);
  });
});

describe('main.ts', () => {
  it("registers every channel through registerIpc on Electron's ipcMain, and no handler of its own", async () => {
    const source = await readFile(fileURLToPath(new URL('../../../src/main/app/main.ts', import.meta.url)), 'utf8');
    expect(source.match(/^ {2}registerIpc\(ipcMain, window, handlers\);$/gm), 'one unconditional call in start()').toHaveLength(1);
    expect(source).not.toMatch(/ipcMain\.(handle|on|once)\(/);
  });
});
