// Starting and stopping the sandbox: its state (loaded, or a new account into which
// the demo organisation is deployed from deploy/signet.yaml, with its PKI set up or
// migrated in, once the port is known),
// one HTTP port on 127.0.0.1 serving every endpoint through the request pipeline
// (core/pipeline.ts, routed by router.ts), and the files clients need (configuration,
// AWS CLI profile, admin token).
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { ADMIN_TOKEN_FILE, adminApi } from './adminApi.js';
import { AuditLog } from './core/audit.js';
import { FaultInjector, faultsFromEnvironment, type FaultRule } from './core/faults.js';
import { closeServer, createSandboxServer, listenOnPort } from './core/httpServer.js';
import type { SandboxContext } from './core/pipeline.js';
import { sandboxHosts } from './core/requestGuards.js';
import { SandboxStore, pruneExpired } from './core/state.js';
import { DEFAULT_IDENTITY_CENTER_OPTIONS, type IdentityCenterOptions } from './identityCenter/oidc.js';
import { ensureDemoPki } from './demoPki.js';
import { writeClientFiles } from './clientFiles.js';
import { ensureDemoStack } from './demoStack.js';
import { provisionAccount } from './provision.js';
import { createRouter } from './router.js';

export interface SandboxOptions {
  dir: string;
  /** 0 picks any free port; by default the previous port is reused when free. */
  port?: number;
  region?: string;
  identityCenter?: Partial<IdentityCenterOptions>;
  faults?: FaultRule[];
  maxBodyBytes?: number;
  /**
   * A blank account: the administrator and the people, but no demo organisation — for
   * deploying deploy/signet.yaml by hand as docs/DEPLOYMENT.md says. Only when the
   * folder is new; no signet.json is written.
   */
  blank?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  dir: string;
  configPath: string;
  /** Sent as x-signet-sandbox-admin to use the admin API; also in DIR/admin-token. */
  adminToken: string;
  store: SandboxStore;
  faults: FaultInjector;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

/** The sandbox's state in `dir`, or a new demo organisation there; lapsed credentials removed. */
async function openStore(dir: string, region: string): Promise<SandboxStore> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const store = (await SandboxStore.load(dir)) ?? (await provisionAccount(dir, region));
  pruneExpired(store);
  await store.commit();
  return store;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { dir } = options;
  const store = await openStore(dir, options.region ?? 'us-east-1');
  const faults = new FaultInjector();
  faults.set(options.faults ?? faultsFromEnvironment(process.env));
  const audit = new AuditLog(dir);
  const adminToken = randomBytes(24).toString('hex');
  // Until the server listens, baseUrl is empty and no Host is accepted.
  const context: SandboxContext = { store, faults, audit, baseUrl: '', hosts: [] };
  const router = createRouter({ ...DEFAULT_IDENTITY_CENTER_OPTIONS, ...options.identityCenter }, adminApi(adminToken, dir));
  const server = createSandboxServer(context, router, options.maxBodyBytes ?? DEFAULT_MAX_BODY);

  const port = await listenOnPort(server, options.port, store.state.lastPort);
  store.state.lastPort = port;
  context.hosts = sandboxHosts(port);
  context.baseUrl = `http://127.0.0.1:${port}`;
  // The stack's policies and the PKI's CRL URLs name the port's services, so they are set up once it is known.
  const blank = options.blank === true && store.state.demoPki === undefined;
  if (!blank) {
    await ensureDemoStack(store, context.baseUrl);
    await ensureDemoPki(store, context.baseUrl);
  }
  await store.commit();
  const { configPath } = await writeClientFiles(store, context.baseUrl, { organisation: !blank });
  await writeFileAtomic(`${dir}/${ADMIN_TOKEN_FILE}`, adminToken);

  return {
    url: context.baseUrl,
    port,
    dir,
    configPath,
    adminToken,
    store,
    faults,
    async close() {
      await closeServer(server);
      await store.commit();
      await audit.flush();
    },
  };
}
