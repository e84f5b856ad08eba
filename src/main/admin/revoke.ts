// `signet admin revoke`: a person leaves or a key is lost. The certificate recorded on
// the key is revoked at the Private CA (which lists it on its next CRL); a person's
// key is also disabled, so nothing more can be signed with it even before laptops
// have the new CRL; and the key no longer names a current certificate, so the next
// `signet admin export` leaves it out.
import { SignetError } from '../../shared/errors.js';
import { AcmPcaError } from '../aws/acmPca.js';
import { fromAwsError } from '../aws/awsErrors.js';
import { parseCertificate } from '../pki/certificates.js';
import type { AdminContext } from './adminContext.js';
import { personKeyAlias } from './keyPolicies.js';
import { CERTIFICATE_TAG, disableKey, keyArnOf, tagKey, tagsOf, untagKey } from './kmsAdmin.js';

/** The reasons a person gives, and the RFC 5280 reason AWS Private CA records for each. */
export const REVOCATION_REASONS = {
  left: 'CESSATION_OF_OPERATION',
  lost: 'KEY_COMPROMISE',
  compromised: 'KEY_COMPROMISE',
  superseded: 'SUPERSEDED',
  'changed-team': 'AFFILIATION_CHANGED',
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface Revocation {
  keyArn: string;
  certificateArn: string;
  serial: string;
  reason: string;
  keyDisabled: boolean;
}

/** Serial in the form AWS takes it: lower-case hex pairs joined by colons. */
const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).toLowerCase().match(/../g)!.join(':');

export async function revoke(ctx: AdminContext, subject: { person: string } | { team: string }, reason: RevocationReason): Promise<Revocation> {
  const { kms, pca, caArn, config } = ctx;
  const ref = 'person' in subject ? personKeyAlias(subject.person) : config.recipients.find((r) => r.name === subject.team)?.key;
  const who = 'person' in subject ? subject.person : subject.team;
  const keyArn = ref === undefined ? undefined : await keyArnOf(kms, ref);
  if (!keyArn) throw new SignetError('USAGE', `${who} has no Signet key to revoke${ref ? ` (${ref})` : ''}.`);
  const certificateArn = (await tagsOf(kms, keyArn))[CERTIFICATE_TAG];
  if (!certificateArn) throw new SignetError('USAGE', `${who}'s key has no current certificate recorded (tag ${CERTIFICATE_TAG}); it may be revoked already.`);
  const pcaCall = async <T>(doing: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AcmPcaError && error.name === 'RequestAlreadyProcessedException') return undefined;
      throw fromAwsError(error, doing);
    }
  };
  const issued = await pcaCall(`reading ${certificateArn}`, () => pca.getCertificate(caArn, certificateArn));
  const serial = colonHex(parseCertificate(issued!.Certificate).serialNumber);
  // Revoked already (by the console, or a revoke that stopped half-way): carry on.
  await pcaCall(`revoking ${certificateArn}`, () => pca.revokeCertificate(caArn, serial, REVOCATION_REASONS[reason]));
  const keyDisabled = 'person' in subject;
  if (keyDisabled) await disableKey(kms, keyArn);
  await tagKey(kms, keyArn, 'signet:revoked-certificate', certificateArn);
  await untagKey(kms, keyArn, CERTIFICATE_TAG);
  return { keyArn, certificateArn, serial, reason: REVOCATION_REASONS[reason], keyDisabled };
}
