// `signet admin certify-team` and `certify-reports`: a certificate for a recipient
// team's KMS key (RSA_4096), naming the team, or for the organisation's report-signing
// key. KMS cannot sign with an encryption key, and administrators may not Sign with the
// report key, so the CSR cannot prove possession (pki/csr.ts says how it is made);
// instead the public key is read from KMS here and the issued certificate is checked
// against it again.
import { createHash } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { buildEncryptionKeyCsr } from '../pki/csr.js';
import type { AdminContext } from './adminContext.js';
import { issueAndFetch, reportPassthrough, teamPassthrough } from './certificateRequests.js';
import { checkIssued } from './checkIssued.js';
import { CERTIFICATE_TAG, keyArnOf, publicKeyOf, tagKey } from './kmsAdmin.js';

export async function certifyTeam(ctx: AdminContext, team: string): Promise<{ team: string; keyArn: string; certificateArn: string; certificate: string }> {
  const { config, kms } = ctx;
  const recipient = config.recipients.find((r) => r.name === team);
  if (!recipient) throw new SignetError('USAGE', `"${team}" is not a recipient in the configuration. Choose one of: ${config.recipients.map((r) => r.name).join(', ')}.`);
  const keyArn = await keyArnOf(kms, recipient.key);
  if (!keyArn) throw new SignetError('KEY_UNAVAILABLE', `The key ${recipient.key} that the configuration names for ${team} does not exist in KMS.`);
  const spki = await publicKeyOf(kms, keyArn);
  const csr = await buildEncryptionKeyCsr({ subject: `CN=${team}, O=${config.organisation}`, publicKeySpki: spki });
  const token = createHash('sha256').update(`${keyArn}\n${team}\n${spki.toString('base64')}`).digest('hex').slice(0, 32);
  const issued = await issueAndFetch(ctx.pca, ctx.caArn, csr, teamPassthrough(team, config.organisation, keyArn), token);
  await checkIssued(config, issued.certificate, issued.chain, { spki, keyArn, purpose: 'encryption' });
  await tagKey(kms, keyArn, CERTIFICATE_TAG, issued.certificateArn);
  return { team, keyArn, certificateArn: issued.certificateArn, certificate: issued.certificate };
}

/** The alias of the organisation's report-signing key (deploy/signet.yaml, ReportKey). */
export const REPORT_KEY_ALIAS = 'alias/signet/reports';

export async function certifyReports(ctx: AdminContext): Promise<{ keyArn: string; certificateArn: string; certificate: string }> {
  const { config, kms } = ctx;
  const keyArn = await keyArnOf(kms, REPORT_KEY_ALIAS);
  if (!keyArn) throw new SignetError('KEY_UNAVAILABLE', `There is no report-signing key (${REPORT_KEY_ALIAS}) in this account. Deploy deploy/signet.yaml, which creates it.`);
  const spki = await publicKeyOf(kms, keyArn);
  const csr = await buildEncryptionKeyCsr({ subject: `CN=${config.organisation} evidence reports, O=${config.organisation}`, publicKeySpki: spki });
  const token = createHash('sha256').update(`${keyArn}\nreports\n${spki.toString('base64')}`).digest('hex').slice(0, 32);
  const issued = await issueAndFetch(ctx.pca, ctx.caArn, csr, reportPassthrough(config.organisation, keyArn), token);
  await checkIssued(config, issued.certificate, issued.chain, { spki, keyArn, purpose: 'signing' });
  await tagKey(kms, keyArn, CERTIFICATE_TAG, issued.certificateArn);
  return { keyArn, certificateArn: issued.certificateArn, certificate: issued.certificate };
}
