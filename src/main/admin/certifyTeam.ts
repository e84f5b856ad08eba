// `signet admin certify-team`: a certificate for a recipient team's KMS key
// (RSA_4096), naming the team. KMS cannot sign with an encryption key, so the CSR
// cannot prove possession (pki/csr.ts says how it is made); instead the public key is
// read from KMS here and the issued certificate is checked against it again.
import { createHash } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { buildEncryptionKeyCsr } from '../pki/csr.js';
import type { AdminContext } from './adminContext.js';
import { issueAndFetch, teamPassthrough } from './certificateRequests.js';
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
