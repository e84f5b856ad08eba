// `signet admin enrol | certify-team | revoke | export | doctor | config`: IT's side of
// trust v2 (docs/TRUST.md), run with an administrator's AWS profile (--profile) against
// AWS or the sandbox. Each prints what it did and, with --json, the ARNs involved;
// doctor prints its findings and exits 3 when one is unsafe, 4 when something is
// missing; config writes the staff configuration from the deployment.
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { adminContext, adminSession, type AdminContext } from '../../admin/adminContext.js';
import { makeConfigFile } from '../../admin/configFile.js';
import { runDoctor } from '../../admin/doctor.js';
import { worstSeverity, type Finding } from '../../admin/doctorFindings.js';
import { certifyReports, certifyTeam } from '../../admin/certifyTeam.js';
import { enrolPerson } from '../../admin/enrol.js';
import { exportTrust } from '../../admin/exportTrust.js';
import { REVOCATION_REASONS, revoke, type RevocationReason } from '../../admin/revoke.js';
import { loadOrgConfig, type OrgConfig } from '../../config/orgConfig.js';
import { temporarySibling, writeFileAtomic } from '../../fs/atomicWrite.js';
import { publishFile } from '../../fs/publish.js';
import { rm } from 'node:fs/promises';
import { configPath } from '../cliContext.js';
import { EXIT } from '../exitCodes.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

const OPTIONS = {
  name: { type: 'string' },
  email: { type: 'string' },
  team: { type: 'string' },
  reason: { type: 'string' },
  ca: { type: 'string' },
  force: { type: 'boolean' },
  at: { type: 'string' },
  organisation: { type: 'string' },
  region: { type: 'string' },
  'sso-start-url': { type: 'string' },
  'permission-set': { type: 'string' },
  recipient: { type: 'string', multiple: true },
  endpoint: { type: 'string' },
  'trust-updates': { type: 'string' },
  stack: { type: 'string' },
  timestamps: { type: 'string' },
} as const;

type Values = {
  name?: string;
  email?: string;
  team?: string;
  reason?: string;
  ca?: string;
  force?: boolean;
  at?: string;
  organisation?: string;
  region?: string;
  'sso-start-url'?: string;
  'permission-set'?: string;
  recipient?: string[];
  endpoint?: string;
  'trust-updates'?: string;
  stack?: string;
  timestamps?: string;
};

/** Writes `text` to `file` atomically, replacing what is there only with --force. */
async function writeNew(file: string, text: string, mode: number, force: boolean): Promise<void> {
  const temporary = temporarySibling(file);
  await writeFileAtomic(temporary, text, mode);
  await publishFile(temporary, file, { overwrite: force }).catch(async (error: unknown) => {
    await rm(temporary, { force: true });
    throw error;
  });
}

function required(values: Values, name: 'name' | 'email' | 'team'): string {
  const value = values[name];
  if (!value) throw new SignetError('USAGE', `signet admin enrol needs --${name}.`);
  return value;
}

const ACTIONS: Record<string, (ctx: AdminContext, args: string[], values: Values, output: Output) => Promise<void>> = {
  async enrol(ctx, [userName], values, output) {
    if (!userName) throw new SignetError('USAGE', 'Name the person to enrol by their sign-in user name.');
    const person = { userName, displayName: required(values, 'name'), email: required(values, 'email'), team: required(values, 'team') };
    const result = await enrolPerson(ctx, person);
    output.result(
      [`Enrolled ${person.displayName} (${userName}): signing key ${result.alias} (${result.keyArn}), certificate ${result.certificateArn}.`, 'Only their own sessions can sign with it. Run "signet admin export" so laptops learn the certificate.'],
      result,
    );
  },
  async 'certify-team'(ctx, [team], _values, output) {
    if (!team) throw new SignetError('USAGE', 'Name the recipient team whose key to certify.');
    const result = await certifyTeam(ctx, team);
    output.result([`Certified ${team}'s key ${result.keyArn}: certificate ${result.certificateArn}.`], result);
  },
  async 'certify-reports'(ctx, _args, _values, output) {
    const result = await certifyReports(ctx);
    output.result([`Certified the report-signing key ${result.keyArn}: certificate ${result.certificateArn}.`, 'Run "signet admin config" again so the configuration names it (trust.reportSigning).'], result);
  },
  async revoke(ctx, [person], values, output) {
    const reason = (values.reason ?? 'left') as RevocationReason;
    if (!Object.hasOwn(REVOCATION_REASONS, reason)) throw new SignetError('USAGE', `--reason must be one of: ${Object.keys(REVOCATION_REASONS).join(', ')}.`);
    if ((person === undefined) === (values.team === undefined)) throw new SignetError('USAGE', 'Name either a person (their user name) or --team TEAM.');
    const result = await revoke(ctx, person === undefined ? { team: values.team! } : { person }, reason);
    output.result(
      [
        `Revoked ${result.certificateArn} (serial ${result.serial}, ${result.reason}).`,
        result.keyDisabled ? `Their signing key ${result.keyArn} is disabled.` : `The key ${result.keyArn} stays enabled.`,
        'Laptops learn of it with the next CRL: run "signet admin export" and hand out the file, or let them refresh online.',
      ],
      result,
    );
  },
  async export(ctx, [file], values, output) {
    if (!file) throw new SignetError('USAGE', 'Name the trust file to write, such as signet.signet-trust.');
    const result = await exportTrust(ctx);
    await writeNew(file, result.text, 0o644, values.force === true);
    output.result(
      [
        `Wrote ${file}: the root, the issuing CA, ${result.certificates.length} certificates and ${result.crls.length} CRLs.`,
        ...result.left.map((l) => `Left out ${l.subject}: ${l.why}.`),
      ],
      { file, certificates: result.certificates, left: result.left, crls: result.crls },
    );
  },
};

const findingLines = (findings: Finding[]): string[] => {
  if (findings.length === 0) return ['All is well: the roles, keys, key policies, the Private CA, its CRLs and the certificates are as Signet needs them.'];
  const unsafe = findings.filter((f) => f.severity === 'unsafe').length;
  return [
    `Found ${findings.length} ${findings.length === 1 ? 'problem' : 'problems'}${unsafe > 0 ? `, ${unsafe} of them unsafe` : ''}:`,
    ...findings.flatMap((f) => [`- ${f.severity === 'unsafe' ? 'Unsafe: ' : ''}${f.problem}`, `  To fix: ${f.fix}`]),
  ];
};

/** `signet admin doctor`: the findings, and the exit code of the worst. */
async function doctor(config: OrgConfig, global: GlobalOptions, values: Values, output: Output): Promise<number> {
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new SignetError('USAGE', '--at takes a date and time such as 2026-12-31 or 2026-12-31T09:00:00Z.');
  const session = await adminSession(config, global.profile);
  // IAM and SSO Admin have no field in the configuration: their own endpoints, the SDK's settings, or the sandbox's one address.
  const iamEndpoint = process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL ?? (config.sandbox ? config.endpoints?.sts : undefined);
  const ssoAdminEndpoint = process.env.AWS_ENDPOINT_URL_SSO_ADMIN ?? process.env.AWS_ENDPOINT_URL ?? (config.sandbox ? config.endpoints?.sts : undefined);
  const findings = await runDoctor(session, { ca: values.ca, iamEndpoint, ssoAdminEndpoint, at });
  output.result(findingLines(findings), { ok: findings.length === 0, at: at.toISOString(), findings });
  const worst = worstSeverity(findings);
  return worst === 'unsafe' ? EXIT.notAuthentic : worst === 'missing' ? EXIT.notAllowed : EXIT.ok;
}

/** `signet admin config FILE`: needs no configuration, since it makes one. */
async function config(global: GlobalOptions, [file]: string[], values: Values, output: Output): Promise<void> {
  if (!file) throw new SignetError('USAGE', 'Name the configuration file to write, such as signet.json.');
  const needed = (name: 'region' | 'sso-start-url'): string => {
    const value = values[name];
    if (!value) throw new SignetError('USAGE', `signet admin config needs --${name}.`);
    return value;
  };
  const result = await makeConfigFile({
    profile: global.profile,
    region: needed('region'),
    ssoStartUrl: needed('sso-start-url'),
    stack: values.stack,
    organisation: values.organisation,
    permissionSet: values['permission-set'],
    teams: values.recipient,
    endpoint: values.endpoint,
    ca: values.ca,
    trustUpdates: values['trust-updates'],
    timestamps: values.timestamps,
  });
  for (const note of result.notes) output.note(note);
  await writeNew(file, result.text, 0o644, values.force === true);
  const { config: written } = result;
  output.result(
    [`Wrote ${file} for ${written.organisation}: roles ${written.roles.sender} and ${written.roles.receiver}, ${written.recipients.length} recipient teams, root SHA-256 ${written.trust!.rootSha256}.`, 'Hand it to staff; the app checks it the same way when it loads.'],
    { file, config: written },
  );
}

export async function adminCommand(global: GlobalOptions, args: string[], output: Output): Promise<number | void> {
  const { positionals, values } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, ...rest] = positionals;
  const run = action ? ACTIONS[action] : undefined;
  if (action === 'config') return config(global, rest, values, output);
  if (!run && action !== 'doctor') throw new SignetError('USAGE', 'Choose what to do: enrol, certify-team, certify-reports, revoke, export, doctor or config.');
  const orgConfig = await loadOrgConfig(await configPath(global), (warning) => output.note(warning));
  if (!run) return doctor(orgConfig, global, values, output);
  await run(await adminContext(orgConfig, { profile: global.profile, ca: values.ca }), rest, values, output);
}
