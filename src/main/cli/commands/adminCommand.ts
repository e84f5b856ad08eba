// `signet admin enrol | certify-team | revoke | export`: IT's side of trust v2
// (docs/TRUST.md), run with an administrator's AWS profile (--profile) against AWS or
// the sandbox. Each prints what it did and, with --json, the ARNs involved.
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { adminContext, type AdminContext } from '../../admin/adminContext.js';
import { certifyTeam } from '../../admin/certifyTeam.js';
import { enrolPerson } from '../../admin/enrol.js';
import { exportTrust } from '../../admin/exportTrust.js';
import { REVOCATION_REASONS, revoke, type RevocationReason } from '../../admin/revoke.js';
import { loadOrgConfig } from '../../config/orgConfig.js';
import { temporarySibling, writeFileAtomic } from '../../fs/atomicWrite.js';
import { publishFile } from '../../fs/publish.js';
import { rm } from 'node:fs/promises';
import { configPath } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

const OPTIONS = {
  name: { type: 'string' },
  email: { type: 'string' },
  team: { type: 'string' },
  reason: { type: 'string' },
  ca: { type: 'string' },
  force: { type: 'boolean' },
} as const;

type Values = { name?: string; email?: string; team?: string; reason?: string; ca?: string; force?: boolean };

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
    const temporary = temporarySibling(file);
    await writeFileAtomic(temporary, result.text, 0o644);
    await publishFile(temporary, file, { overwrite: values.force === true }).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
    output.result(
      [
        `Wrote ${file}: the root, the issuing CA, ${result.certificates.length} certificates and ${result.crls.length} CRLs.`,
        ...result.left.map((l) => `Left out ${l.subject}: ${l.why}.`),
      ],
      { file, certificates: result.certificates, left: result.left, crls: result.crls },
    );
  },
};

export async function adminCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals, values } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, ...rest] = positionals;
  const run = action ? ACTIONS[action] : undefined;
  if (!run) throw new SignetError('USAGE', 'Choose what to do: enrol, certify-team, revoke or export.');
  const config = await loadOrgConfig(await configPath(global), (warning) => output.note(warning));
  await run(await adminContext(config, { profile: global.profile, ca: values.ca }), rest, values, output);
}
