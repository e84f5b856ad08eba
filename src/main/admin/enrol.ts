// `signet admin enrol`: gives a person their own signing key and certificate
// (docs/TRUST.md). In order: a new KMS key (ECC_NIST_P521) under a policy that also
// lets this administrator sign once; the person's alias; a CSR signed through KMS, so
// the private key never leaves it; the certificate from the Private CA, checked
// against the key and the root; then the final policy, under which only the person's
// own sender sessions can sign — the administrator included loses Sign — and the
// certificate's ARN recorded on the key. A failure half-way discards the new key.
import { createHash } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { isPlainLabel } from '../format/shapes.js';
import { buildCsr } from '../pki/csr.js';
import type { AdminContext } from './adminContext.js';
import { issueAndFetch, personPassthrough, type Person } from './certificateRequests.js';
import { checkIssued } from './checkIssued.js';
import { personKeyAlias, personKeyPolicy } from './keyPolicies.js';
import { CERTIFICATE_TAG, createAlias, createSigningKey, discardKey, keyArnOf, publicKeyOf, putKeyPolicy, signDigest, tagKey } from './kmsAdmin.js';

const USER_NAME = /^[\w+=,.@-]{2,64}$/;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

export interface Enrolment {
  userName: string;
  keyArn: string;
  alias: string;
  certificateArn: string;
  certificate: string;
}

/** Refuses what would make a bad certificate or policy, naming the field. */
export function checkPerson(person: Person): void {
  if (!USER_NAME.test(person.userName)) throw new SignetError('USAGE', `"${person.userName}" is not a user name Identity Center and STS accept (2–64 letters, digits and +=,.@_-).`);
  for (const [field, value] of [['--name', person.displayName], ['--team', person.team]] as const) {
    if (!isPlainLabel(value, 64)) throw new SignetError('USAGE', `${field} must be 1 to 64 characters with no control or invisible ones.`);
  }
  if (!EMAIL.test(person.email) || person.email.length > 254) throw new SignetError('USAGE', `"${person.email}" is not an e-mail address.`);
}

export async function enrolPerson(ctx: AdminContext, person: Person): Promise<Enrolment> {
  checkPerson(person);
  const { config, kms } = ctx;
  const alias = personKeyAlias(person.userName);
  if (await keyArnOf(kms, alias)) {
    throw new SignetError('OUTPUT_EXISTS', `${person.userName} already has a signing key (${alias}). To give them a new one, revoke the old one first with "signet admin revoke ${person.userName}".`);
  }
  const policyInput = { accountId: config.roles.sender.split(':')[4]!, userName: person.userName, senderRoleArn: config.roles.sender, receiverRoleArn: config.roles.receiver };
  const keyArn = await createSigningKey(kms, `Signet: ${person.displayName}'s signing key`, personKeyPolicy({ ...policyInput, enrollingAdministratorArn: ctx.administratorArn }), { 'signet:person': person.userName });
  try {
    await createAlias(kms, alias, keyArn);
    const spki = await publicKeyOf(kms, keyArn);
    const csr = await buildCsr({ subject: `CN=${person.displayName}, OU=${person.team}, O=${config.organisation}`, publicKeySpki: spki, sign: (digest) => signDigest(kms, keyArn, digest) });
    const token = createHash('sha256').update(`${keyArn}\n${csr}`).digest('hex').slice(0, 32);
    const issued = await issueAndFetch(ctx.pca, ctx.caArn, csr, personPassthrough(person, config.organisation, keyArn), token);
    await checkIssued(config, issued.certificate, issued.chain, { spki, keyArn, purpose: 'signing' });
    await putKeyPolicy(kms, keyArn, personKeyPolicy(policyInput));
    await tagKey(kms, keyArn, CERTIFICATE_TAG, issued.certificateArn);
    return { userName: person.userName, keyArn, alias, certificateArn: issued.certificateArn, certificate: issued.certificate };
  } catch (error) {
    await discardKey(kms, keyArn, alias);
    throw error;
  }
}
