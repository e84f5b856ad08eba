// Demo people signed in through the real code path: Signet's own device sign-in
// against the sandbox, approved on its page as the chosen person.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { deviceSignIn } from '../../src/main/aws/deviceSignIn.js';
import { loadOrgConfig, type OrgConfig } from '../../src/main/config/orgConfig.js';
import { approveAsDemoPerson } from '../../src/main/sandbox/demoApproval.js';
import { createContext, type SignetContext } from '../../src/main/services/context.js';
import type { RunningSandbox } from '../../src/main/sandbox/server.js';

export async function sandboxConfig(sandbox: RunningSandbox): Promise<OrgConfig> {
  return loadOrgConfig(sandbox.configPath);
}

/** A fresh per-person folder (SIGNET_HOME) in `parent`, which the caller removes, with `userName` signed in (with `config`, default the sandbox's own). */
export async function signedInAs(sandbox: RunningSandbox, userName: string, parent: string, configured?: OrgConfig): Promise<SignetContext> {
  const config = configured ?? (await sandboxConfig(sandbox));
  const ctx = await createContext(config, await mkdtemp(join(parent, `home-${userName}-`)));
  await deviceSignIn(config, ctx.sessions, { onPrompt: (p) => approveAsDemoPerson(config, p.verificationUriComplete, userName) });
  return ctx;
}
