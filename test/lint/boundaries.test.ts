// The layers that eslint.config.js enforces, shown on small snippets linted as if they
// lived in a given folder: each forbidden import is refused, and its allowed
// neighbours pass.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'eslint.config.js' });
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The boundary messages for `code` placed at `filePath`; fails on a parse error. */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result!.messages;
  const fatal = messages.filter((message) => message.fatal);
  expect(fatal, `${filePath} did not parse`).toEqual([]);
  return messages.filter((message) => message.ruleId !== null && BOUNDARY_RULES.has(message.ruleId)).map((message) => message.message);
}

describe('electron only in the app shell and the preload', () => {
  it('refuses electron in services, the CLI and the IPC handlers, also through import()', async () => {
    expect(await refusals('src/main/services/x.ts', "import { app } from 'electron';\nexport { app };\n")).toEqual([expect.stringContaining('Electron belongs to src/main/app')]);
    expect(await refusals('src/main/cli/x.ts', "export { shell } from 'electron';\n")).toHaveLength(1);
    expect(await refusals('src/main/ipc/x.ts', "import type { IpcMainEvent } from 'electron';\nexport type E = IpcMainEvent;\n")).toHaveLength(1);
    expect(await refusals('src/shared/x.ts', "export { ipcRenderer } from 'electron';\n")).toHaveLength(1);
    expect(await refusals('src/main/aws/x.ts', "export const load = () => import('electron');\n")).toEqual([expect.stringContaining('Electron belongs to src/main/app')]);
  });

  it('allows electron in src/main/app and src/preload', async () => {
    expect(await refusals('src/main/app/x.ts', "export { app } from 'electron';\n")).toEqual([]);
    expect(await refusals('src/preload/x.ts', "export { contextBridge } from 'electron';\n")).toEqual([]);
  });
});

describe('the engine knows no AWS, sandbox or services', () => {
  it('refuses the AWS SDK, Smithy and src/main/aws in engine, format, fs, hashing and signatures', async () => {
    expect(await refusals('src/main/format/x.ts', "import '@aws-sdk/client-kms';\n")).toEqual([expect.stringContaining('The engine knows no AWS')]);
    expect(await refusals('src/main/engine/x.ts', "export { kmsSign } from '../aws/kms.js';\n")).toEqual([expect.stringContaining('The engine knows no AWS')]);
    expect(await refusals('src/main/signatures/x.ts', "export { Hash } from '@smithy/hash-node';\n")).toHaveLength(1);
    expect(await refusals('src/main/fs/x.ts', "export { kmsClientFor } from '../aws/clients.js';\n")).toHaveLength(1);
    expect(await refusals('src/main/hashing/x.ts', "export { app } from 'electron';\n")).toHaveLength(1);
  });

  it('refuses the sandbox and the services in the engine', async () => {
    expect(await refusals('src/main/format/x.ts', "export { startSandbox } from '../sandbox/index.js';\n")).toHaveLength(1);
    expect(await refusals('src/main/format/x.ts', "export { sealFiles } from '../services/sealFiles.js';\n")).toEqual([expect.stringContaining('must not depend on the services')]);
    expect(await refusals('src/main/engine/x.ts', "export { sealFiles } from '../services/sealFiles.js';\n")).toEqual([expect.stringContaining('must not depend on the services')]);
  });

  it('allows its own files, node: modules and the shared error codes', async () => {
    const code = "export { HEADER_MAGIC } from './constants.js';\nexport { createHash } from 'node:crypto';\nexport { SignetError } from '../../shared/errors.js';\n";
    expect(await refusals('src/main/format/x.ts', code)).toEqual([]);
    expect(await refusals('src/main/services/x.ts', "export { KMSClient } from '@aws-sdk/client-kms';\n")).toEqual([]);
  });
});

describe('the sandbox is used only through its entry module, and only by the demo-mode wiring', () => {
  it('refuses the sandbox in services, even its entry module', async () => {
    expect(await refusals('src/main/services/x.ts', "import { startSandbox } from '../sandbox/server.js';\nexport { startSandbox };\n")).toEqual([expect.stringContaining('Only the app, the CLI and the IPC handlers')]);
    expect(await refusals('src/main/services/x.ts', "export { DEMO_PEOPLE } from '../sandbox/index.js';\n")).toHaveLength(1);
    expect(await refusals('src/main/aws/x.ts', "export { DEMO_PEOPLE } from '../sandbox/index.js';\n")).toHaveLength(1);
  });

  it('refuses the sandbox internals in the CLI, the IPC handlers and the app, also through import()', async () => {
    expect(await refusals('src/main/cli/commands/x.ts', "export { startSandbox } from '../../sandbox/server.js';\n")).toEqual([expect.stringContaining('through its entry module')]);
    expect(await refusals('src/main/cli/x.ts', "export const load = () => import('../sandbox/server.js');\n")).toEqual([expect.stringContaining('through its entry module')]);
    expect(await refusals('src/main/ipc/x.ts', "export { DEMO_PEOPLE } from '../sandbox/provision.js';\n")).toHaveLength(1);
    expect(await refusals('src/main/app/x.ts', "export { SandboxStore } from '../sandbox/state.js';\n")).toHaveLength(1);
  });

  it('allows the entry module from the app, the CLI and the IPC handlers, its own files inside it, and anything from tests', async () => {
    expect(await refusals('src/main/app/x.ts', "export { startSandbox } from '../sandbox/index.js';\n")).toEqual([]);
    expect(await refusals('src/main/cli/x.ts', "export const load = () => import('../sandbox/index.js');\n")).toEqual([]);
    expect(await refusals('src/main/ipc/x.ts', "export { DEMO_PEOPLE } from '../sandbox/index.js';\n")).toEqual([]);
    expect(await refusals('src/main/sandbox/x.ts', "export { startSandbox } from './server.js';\n")).toEqual([]);
    expect(await refusals('test/support/x.ts', "export { startSandbox } from '../../src/main/sandbox/server.js';\n")).toEqual([]);
  });
});

describe('the renderer imports only svelte, its own files and src/shared', () => {
  it('refuses node: modules, packages, electron and the main process', async () => {
    expect(await refusals('src/renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport { readFile };\n")).toEqual([expect.stringContaining('The renderer has no Node')]);
    expect(await refusals('src/renderer/src/x.ts', "export { z } from 'zod';\n")).toHaveLength(1);
    expect(await refusals('src/renderer/src/x.ts', "export { ipcRenderer } from 'electron';\n")).toHaveLength(1);
    expect(await refusals('src/renderer/src/lib/x.ts', "export { sealFiles } from '../../../main/services/sealFiles.js';\n")).toHaveLength(1);
    expect(await refusals('src/renderer/src/x.ts', "export {} from '../../preload/index.js';\n")).toHaveLength(1);
  });

  it('refuses node: modules inside a Svelte component', async () => {
    const component = "<script lang=\"ts\">\n  import { readFile } from 'node:fs/promises';\n  const read = readFile;\n</script>\n\n<button onclick={() => read('x')}>Read</button>\n";
    expect(await refusals('src/renderer/src/lib/X.svelte', component)).toEqual([expect.stringContaining('The renderer has no Node')]);
  });

  it('allows svelte, its own files and src/shared', async () => {
    const code = "export { mount } from 'svelte';\nexport { flip } from 'svelte/animate';\nexport { ui } from './state.svelte';\nexport { CONTRACT } from '../../shared/ipc.js';\nimport './app.css';\n";
    expect(await refusals('src/renderer/src/x.ts', code)).toEqual([]);
    expect(await refusals('src/renderer/src/lib/x.ts', "export { formatWhen } from '../../../shared/words.js';\n")).toEqual([]);
  });
});

describe('src/shared, which the renderer imports too, uses zod and its own files only', () => {
  it('refuses node: modules, other packages and anything outside src/shared', async () => {
    expect(await refusals('src/shared/x.ts', "import { readFile } from 'node:fs';\nexport { readFile };\n")).toEqual([expect.stringContaining('The renderer has no Node')]);
    expect(await refusals('src/shared/x.ts', "export { KMSClient } from '@aws-sdk/client-kms';\n")).toHaveLength(1);
    expect(await refusals('src/shared/x.ts', "export { sealFiles } from '../main/services/sealFiles.js';\n")).toEqual([expect.stringContaining('imports nothing outside src/shared')]);
  });

  it('allows zod and its own files', async () => {
    expect(await refusals('src/shared/x.ts', "export { z } from 'zod';\nexport { CONTRACT } from './ipc.js';\n")).toEqual([]);
  });
});

describe('a module named by a computed path cannot slip past the boundaries', () => {
  it('refuses import() of anything but a literal path', async () => {
    expect(await refusals('src/main/services/x.ts', "const where = '../sandbox/server.js';\nexport const load = () => import(where);\n")).toEqual([expect.stringContaining('literal path')]);
    expect(await refusals('src/main/services/x.ts', 'export const load = () => import(`../sandbox/${"server"}.js`);\n')).toEqual([expect.stringContaining('literal path')]);
  });
});
