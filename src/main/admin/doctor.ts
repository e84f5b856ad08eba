// `signet admin doctor`: checks a deployment (AWS or the sandbox) from an
// administrator's profile against the organisation configuration, and returns one
// finding per problem (doctorFindings.ts). In order: the sender and receiver roles
// exist and their trust policies bind sessions to a source identity (IAM GetRole);
// the Identity Center permission set lets people take them and gives no KMS directly;
// the configuration's keys exist with the right spec and usage and their key policies
// grant what the design needs and no more; every person's key (alias/signet/person/…)
// is signable only in its owner's sender sessions; the issuing CA is ACTIVE, its CRLs
// reachable and fresh; and each key's certificate is valid, not revoked and its own.
import { DescribeKeyCommand, GetKeyPolicyCommand, type KeyMetadata, type KMSClient } from '@aws-sdk/client-kms';
import { SignetError } from '../../shared/errors.js';
import { awsErrorName, fromAwsError } from '../aws/awsErrors.js';
import { Iam } from '../aws/iamRoles.js';
import { issuingCa, type AdminSession } from './adminContext.js';
import { finding, type Finding } from './doctorFindings.js';
import { checkCa, certificateFindings, freshCrls, type IssuingCa, type KeyCertificate } from './doctorPki.js';
import { permissionSetFindings, personKeyFindings, signingKeyFindings, teamKeyFindings, trustPolicyFindings, type Principals } from './doctorPolicies.js';
import { SsoAdmin } from '../aws/ssoAdmin.js';
import { crlUrls } from './exportTrust.js';
import { CERTIFICATE_TAG, aliasesUnder, tagsOf } from './kmsAdmin.js';
import { parseCertificate } from '../pki/certificates.js';
import type { X509Certificate } from '../pki/x509.js';

export interface DoctorOptions {
  /** The issuing CA's ARN, when the account has more than one. */
  ca?: string;
  /** IAM's endpoint; default IAM's own. */
  iamEndpoint?: string;
  /** IAM Identity Center's admin endpoint (SSO Admin); default AWS's own for the region. */
  ssoAdminEndpoint?: string;
  /** The time the checks are made for (now, unless asked about another day). */
  at: Date;
}

const PERSON_PREFIX = 'alias/signet/person/';

interface Key {
  ref: string;
  metadata: KeyMetadata;
  policy: string;
}

/** A key by alias or ARN with its policy; a finding instead when it is missing or not what it should be. */
async function readKey(kms: KMSClient, ref: string, what: string, expected: { specs: string[]; usage: string }, findings: Finding[]): Promise<Key | undefined> {
  let metadata: KeyMetadata;
  try {
    metadata = (await kms.send(new DescribeKeyCommand({ KeyId: ref }))).KeyMetadata!;
  } catch (error) {
    if (awsErrorName(error) !== 'NotFoundException') throw fromAwsError(error, `looking up ${ref}`);
    findings.push(finding('key-missing', 'missing', ref, `${what} (${ref}) does not exist.`, `Create it (${expected.specs[0]}, ${expected.usage}) and name it ${ref}, or correct the configuration.`));
    return undefined;
  }
  if (metadata.KeyState !== 'Enabled') {
    findings.push(finding('key-not-enabled', 'missing', ref, `${what} (${ref}) is ${metadata.KeyState}, so it cannot be used.`, `Enable it (aws kms enable-key --key-id ${metadata.Arn}), or cancel its deletion first.`));
    return undefined;
  }
  if (!expected.specs.includes(metadata.KeySpec ?? '') || metadata.KeyUsage !== expected.usage) {
    findings.push(
      finding('key-wrong-kind', 'missing', ref, `${what} (${ref}) is ${metadata.KeySpec} ${metadata.KeyUsage}; Signet needs ${expected.specs.join(' or ')} ${expected.usage}.`, `Create a key of the right kind and point ${ref} at it.`),
    );
    return undefined;
  }
  try {
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: metadata.Arn, PolicyName: 'default' }))).Policy!;
    return { ref, metadata, policy };
  } catch (error) {
    throw fromAwsError(error, `reading the key policy of ${ref}`);
  }
}

/** Runs a policy check; a policy the evaluator cannot read is itself a finding. */
function judged(ref: string, check: () => Finding[]): Finding[] {
  try {
    return check();
  } catch (error) {
    return [finding('policy-unreadable', 'missing', ref, `The policy of ${ref} cannot be evaluated: ${(error as Error).message}`, 'Rewrite it with the statements docs/TRUST.md gives, which use only Allow/Deny, actions, and String/Arn/Bool/Null conditions.')];
  }
}

async function readRoles(session: AdminSession, iam: Iam, findings: Finding[]): Promise<{ sender: string[]; receiver: string[] }> {
  const policies = { sender: [] as string[], receiver: [] as string[] };
  for (const which of ['sender', 'receiver'] as const) {
    const arn = session.config.roles[which];
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    let role;
    try {
      role = await iam.getRole(name);
    } catch (error) {
      throw fromAwsError(error, `reading the role ${arn}`);
    }
    if (role === undefined) {
      findings.push(finding('role-missing', 'missing', arn, `The ${which} role ${arn} does not exist.`, `Create it with the trust policy docs/TRUST.md gives, or correct roles.${which} in the configuration.`));
      continue;
    }
    findings.push(...judged(arn, () => trustPolicyFindings(arn, role.trustPolicy, 'sso' in session.config.signIn ? session.config.signIn.sso.roleName : undefined)));
    try {
      policies[which] = Object.values(await iam.inlinePolicies(name));
    } catch (error) {
      throw fromAwsError(error, `reading the inline policies of ${arn}`);
    }
  }
  return policies;
}

/** The permission set people sign in with (the configuration's roleName), read through SSO Admin. */
async function checkPermissionSet(session: AdminSession, options: DoctorOptions, p: Principals): Promise<Finding[]> {
  const { signIn } = session.config;
  if (!('sso' in signIn)) return [];
  const name = signIn.sso.roleName;
  let permissionSet;
  try {
    permissionSet = await new SsoAdmin({ region: signIn.sso.region, credentials: session.credentials, endpoint: options.ssoAdminEndpoint }).findPermissionSet(name);
  } catch (error) {
    throw fromAwsError(error, `reading the permission set ${name} from IAM Identity Center`);
  }
  if (permissionSet === undefined) {
    return [finding('permission-set-missing', 'missing', `permission set ${name}`, `IAM Identity Center has no permission set named ${name}, which the configuration tells people to sign in with.`, `Deploy deploy/signet.yaml (it creates the permission set), or correct signIn.sso.roleName in the configuration.`)];
  }
  return judged(`permission set ${name}`, () => permissionSetFindings(name, permissionSet.inlinePolicy, p));
}

/** The CA to check: --ca, or the account's only active subordinate CA; a finding when there is none. */
async function findCa(session: AdminSession, options: DoctorOptions, findings: Finding[]): Promise<IssuingCa | undefined> {
  let arn = options.ca;
  if (arn === undefined) {
    try {
      arn = await issuingCa(session.pca);
    } catch (error) {
      if (!(error instanceof SignetError) || error.code !== 'CONFIG_INVALID') throw error;
      findings.push(finding('ca-missing', 'missing', 'AWS Private CA', error.message, 'Set up the subordinate CA docs/TRUST.md describes, or name it with --ca ARN.'));
      return undefined;
    }
  }
  try {
    const checked = await checkCa(session.pca, session.config, arn, options.at);
    findings.push(...checked.findings);
    return checked.ca;
  } catch (error) {
    throw fromAwsError(error, `checking the Private CA ${arn}`);
  }
}

export async function runDoctor(session: AdminSession, options: DoctorOptions): Promise<Finding[]> {
  const { config, kms } = session;
  const findings: Finding[] = [];
  const iam = new Iam({ credentials: session.credentials, endpoint: options.iamEndpoint });
  const rolePolicies = await readRoles(session, iam, findings);
  const accountId = config.roles.sender.split(':')[4]!;
  const p: Principals = {
    accountId,
    senderRoleArn: config.roles.sender,
    receiverRoleArn: config.roles.receiver,
    administratorArn: session.administratorArn,
    senderPolicies: rolePolicies.sender,
    receiverPolicies: rolePolicies.receiver,
  };
  findings.push(...(await checkPermissionSet(session, options, p)));
  const certified: KeyCertificate[] = [];
  const recordCertificate = async (key: Key, who: string, purpose: KeyCertificate['purpose']): Promise<void> => {
    const certificateArn = (await tagsOf(kms, key.metadata.Arn!))[CERTIFICATE_TAG];
    if (certificateArn !== undefined) certified.push({ who, ref: key.ref, keyArn: key.metadata.Arn!, certificateArn, purpose });
    else findings.push(finding('certificate-missing', 'missing', key.ref, `${who}'s key (${key.ref}) records no certificate (tag ${CERTIFICATE_TAG}), so laptops cannot trust it.`, purpose === 'signing' ? `Enrol them: signet admin enrol ${who} …` : `Certify it: signet admin certify-team ${who}`));
  };

  const signing = await readKey(kms, config.signingKey, 'The organisation signing key', { specs: ['ECC_NIST_P521'], usage: 'SIGN_VERIFY' }, findings);
  if (signing) findings.push(...judged(signing.ref, () => signingKeyFindings(signing.ref, signing.metadata.Arn!, signing.policy, p)));
  for (const { name, key: ref } of config.recipients) {
    const key = await readKey(kms, ref, `${name}'s recipient key`, { specs: ['RSA_2048', 'RSA_3072', 'RSA_4096'], usage: 'ENCRYPT_DECRYPT' }, findings);
    if (!key) continue;
    findings.push(...judged(ref, () => teamKeyFindings(name, ref, key.metadata.Arn!, key.policy, p)));
    await recordCertificate(key, name, 'encryption');
  }
  for (const alias of await aliasesUnder(kms, PERSON_PREFIX)) {
    const ref = alias.AliasName!;
    const userName = ref.slice(PERSON_PREFIX.length);
    let state: string | undefined;
    try {
      state = (await kms.send(new DescribeKeyCommand({ KeyId: ref }))).KeyMetadata!.KeyState;
    } catch (error) {
      throw fromAwsError(error, `looking up ${ref}`);
    }
    // A revoked person's key is disabled by `signet admin revoke`: nothing more to check.
    if (state !== 'Enabled') continue;
    const key = await readKey(kms, ref, `${userName}'s signing key`, { specs: ['ECC_NIST_P521'], usage: 'SIGN_VERIFY' }, findings);
    if (!key) continue;
    const tags = await tagsOf(kms, key.metadata.Arn!);
    findings.push(...judged(ref, () => personKeyFindings(userName, ref, key.metadata.Arn!, key.policy, p, tags)));
    await recordCertificate(key, userName, 'signing');
  }

  const ca = await findCa(session, options, findings);
  if (ca === undefined) return findings;
  const leaves: X509Certificate[] = [];
  for (const key of certified) {
    try {
      leaves.push(parseCertificate((await session.pca.getCertificate(ca.arn, key.certificateArn)).Certificate));
    } catch (error) {
      throw fromAwsError(error, `reading the certificate ${key.certificateArn}`);
    }
  }
  const issued = await freshCrls(leaves.flatMap(crlUrls), options.at, `Make sure the Private CA ${ca.arn} publishes CRLs: its CRL configuration is enabled and its bucket is writable.`);
  findings.push(...issued.findings);
  for (const [i, key] of certified.entries()) {
    try {
      findings.push(...(await certificateFindings(kms, ca, issued.crls, key, leaves[i]!, options.at)));
    } catch (error) {
      throw fromAwsError(error, `checking the certificate ${key.certificateArn}`);
    }
  }
  return findings;
}
