// The files a newcomer to a running sandbox needs, rewritten at every start since they
// name its port: a Signet configuration (signet.json) pointing every service at the
// sandbox, pinning the demo root and naming its time-stamping authority, and an AWS
// CLI profile for the administrator.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrgConfigInput } from '../config/orgConfig.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { SandboxState, SandboxStore } from './core/state.js';
import { demoReportSigning, demoRoot } from './demoPki.js';
import { TRUST_FILE_PATH } from './pkiRoute.js';
import { TSA_PATH } from './tsa/timestampAuthority.js';
import { DEMO_TEAMS, RECEIVER_ROLE, SENDER_ROLE } from './provision.js';

export const ADMIN_PROFILE = 'signet-admin';
export const CONFIG_FILE = 'signet.json';

/** The Signet configuration for this sandbox, pointing every service at `url` and pinning `root`. */
export function sandboxOrgConfig(state: SandboxState, url: string, root: { certificatePem: string; sha256: string }): OrgConfigInput {
  const alias = (name: string): string => {
    const target = state.aliases[name]?.targetKeyId;
    const key = target ? state.keys[target] : undefined;
    return key?.arn ?? `alias/${name}`;
  };
  return {
    signet: 1,
    organisation: state.organisation,
    region: state.region,
    sandbox: true,
    signIn: { sso: { startUrl: `${url}/start`, region: state.region, accountId: state.accountId, roleName: state.ssoRoleName } },
    roles: { sender: `arn:aws:iam::${state.accountId}:role/${SENDER_ROLE}`, receiver: `arn:aws:iam::${state.accountId}:role/${RECEIVER_ROLE}` },
    signingKey: alias('alias/signet-signing'),
    recipients: DEMO_TEAMS.map((team) => ({ name: team, key: alias(`alias/signet-${team.toLowerCase()}`) })),
    endpoints: { kms: url, sts: url, sso: url, ssoOidc: url, acmPca: url },
    trust: { rootSha256: root.sha256, rootCertificate: root.certificatePem, updates: `${url}${TRUST_FILE_PATH}`, reportSigning: demoReportSigning(state), timestamps: `${url}${TSA_PATH}` },
  };
}

/** Writes the administrator's AWS CLI files for the running sandbox, and signet.json when it has the demo `organisation`. */
export async function writeClientFiles(store: SandboxStore, url: string, { organisation }: { organisation: boolean }): Promise<{ configPath: string }> {
  const { dir, state } = store;
  const configPath = join(dir, CONFIG_FILE);
  if (organisation) {
    const root = await demoRoot(store);
    if (root === undefined) throw new Error(`the sandbox in ${dir} has no offline root`);
    await writeFileAtomic(configPath, `${JSON.stringify(sandboxOrgConfig(state, url, root), null, 2)}\n`);
  }
  const admin = Object.values(state.accessKeys).find((k) => k.principal.kind === 'user' && k.principal.userName === 'admin');
  await mkdir(join(dir, 'aws'), { recursive: true, mode: 0o700 });
  await writeFileAtomic(
    join(dir, 'aws', 'config'),
    `[profile ${ADMIN_PROFILE}]\nregion = ${state.region}\nendpoint_url = ${url}\noutput = json\n`,
  );
  if (admin) {
    await writeFileAtomic(
      join(dir, 'aws', 'credentials'),
      `[${ADMIN_PROFILE}]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`,
    );
  }
  return { configPath };
}
