// The policy half of `signet admin doctor`: whether key policies grant what the
// design needs and no more (docs/TRUST.md, "Keys and policies"), and whether the
// roles' trust policies tie sessions to a source identity. Key policies are judged by
// simulation — the policy IAM holds (read with GetKeyPolicy), with the roles' inline
// policies as their identity policies, evaluated for sessions the doctor imagines
// (a sender acting for someone else, a receiver who is on no team, an administrator
// allowed everything) with the same evaluator the sandbox enforces. Nothing is signed
// or decrypted to find out: the doctor cannot take the roles' sessions, which only
// Identity Center gives people. Trust policies are read statement by statement.
import { evaluateIdentityPolicies, isAllowed, parsePolicy, type Caller } from '../policy/iamPolicy.js';
import { finding, type Finding } from './doctorFindings.js';

/** Who the simulations act as, and the roles' own permissions. */
export interface Principals {
  accountId: string;
  senderRoleArn: string;
  receiverRoleArn: string;
  administratorArn: string;
  /** The roles' inline policies (their identity policies), JSON texts. */
  senderPolicies: string[];
  receiverPolicies: string[];
}

/** A source identity no person has: a session that sets it stands for "anyone else". */
export const NOBODY = 'signet-doctor-nobody';
const EVERYTHING = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function session(accountId: string, roleArn: string, sourceIdentity: string | undefined): Caller {
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return { arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/signet-doctor`, accountId, roleArn, userId: 'AROASIGNETDOCTOR:signet-doctor', sourceIdentity };
}

/** The request's own condition keys, as Signet makes the call: Sign over a SHA-512 digest, RSA-OAEP for Encrypt and Decrypt. */
const CONTEXT: Record<string, Record<string, string>> = {
  'kms:Sign': { 'kms:messagetype': 'DIGEST', 'kms:signingalgorithm': 'ECDSA_SHA_512' },
  'kms:Encrypt': { 'kms:encryptionalgorithm': 'RSAES_OAEP_SHA_256' },
  'kms:Decrypt': { 'kms:encryptionalgorithm': 'RSAES_OAEP_SHA_256' },
};

interface Simulation {
  keyArn: string;
  policy: string;
  p: Principals;
  /** The key's tags, which conditions see as aws:ResourceTag/<key>. */
  tags?: Record<string, string>;
}

const contextFor = (action: string, tags: Record<string, string> = {}): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:resourcetag/${key.toLowerCase()}`, value])),
  ...CONTEXT[action],
});
const senderMay = ({ keyArn, policy, p, tags }: Simulation, action: string, sourceIdentity: string): boolean =>
  isAllowed(policy, p.senderPolicies, { caller: session(p.accountId, p.senderRoleArn, sourceIdentity), action, resource: keyArn, context: contextFor(action, tags) });
const receiverMay = ({ keyArn, policy, p, tags }: Simulation, action: string, sourceIdentity: string): boolean =>
  isAllowed(policy, p.receiverPolicies, { caller: session(p.accountId, p.receiverRoleArn, sourceIdentity), action, resource: keyArn, context: contextFor(action, tags) });
function administratorMay({ keyArn, policy, p }: Simulation, action: string): boolean {
  const isRole = p.administratorArn.includes(':role/');
  const caller: Caller = isRole ? session(p.accountId, p.administratorArn, undefined) : { arn: p.administratorArn, accountId: p.accountId, userId: 'AIDASIGNETDOCTOR' };
  return isAllowed(policy, [EVERYTHING], { caller, action, resource: keyArn, context: CONTEXT[action] });
}

/** A recipient team's key: senders Encrypt and never Decrypt; only the team's members Decrypt. */
export function teamKeyFindings(team: string, ref: string, keyArn: string, policy: string, p: Principals): Finding[] {
  const s = { keyArn, policy, p };
  const found: Finding[] = [];
  if (senderMay(s, 'kms:Decrypt', NOBODY)) {
    found.push(
      finding('team-key-sender-decrypts', 'unsafe', ref, `The key policy of ${team}'s key lets the sender role Decrypt: anyone who can seal could open files sealed for ${team}.`, `Remove kms:Decrypt from the statements naming ${p.senderRoleArn}, or add a Deny for it, in the key policy of ${keyArn}.`),
    );
  }
  if (receiverMay(s, 'kms:Decrypt', NOBODY)) {
    found.push(
      finding('team-key-any-receiver-decrypts', 'unsafe', ref, `The key policy of ${team}'s key lets any receiver session Decrypt, not only ${team}'s members.`, `Add the condition "StringEquals": {"aws:SourceIdentity": [the members' user names]} to the statement that lets ${p.receiverRoleArn} Decrypt.`),
    );
  }
  if (!senderMay(s, 'kms:Encrypt', NOBODY)) {
    found.push(finding('team-key-sender-cannot-encrypt', 'missing', ref, `The sender role may not Encrypt with ${team}'s key, so nobody can seal files for ${team}.`, `Allow kms:Encrypt, kms:GetPublicKey and kms:DescribeKey to ${p.senderRoleArn} in the key policy of ${keyArn}.`));
  }
  return found;
}

/** The organisation's shared signing key (version 1 seals): no role signs with it any more. */
export function signingKeyFindings(ref: string, keyArn: string, policy: string, p: Principals): Finding[] {
  const s = { keyArn, policy, p };
  const found: Finding[] = [];
  if (receiverMay(s, 'kms:Sign', NOBODY)) {
    found.push(finding('signing-key-receiver-signs', 'unsafe', ref, 'The key policy of the organisation signing key lets the receiver role Sign.', `Remove kms:Sign from the statements naming ${p.receiverRoleArn} in the key policy of ${keyArn}.`));
  }
  if (senderMay(s, 'kms:Sign', NOBODY)) {
    found.push(
      finding('signing-key-sender-signs', 'unsafe', ref, "The key policy of the organisation signing key lets the sender role Sign: a seal signed with it names no person.", `Remove kms:Sign from the statements naming ${p.senderRoleArn} in the key policy of ${keyArn}; people sign with their own keys (signet admin enrol).`),
    );
  }
  return found;
}

/** A person's own key: Sign only in that person's sender sessions; nobody else, administrators included. */
export function personKeyFindings(userName: string, ref: string, keyArn: string, policy: string, p: Principals, tags: Record<string, string> = {}): Finding[] {
  const s = { keyArn, policy, p, tags };
  const found: Finding[] = [];
  const fix = `Put back the key policy "signet admin enrol" writes (see docs/TRUST.md, "Keys and policies") on ${keyArn}.`;
  if (!senderMay(s, 'kms:Sign', userName)) found.push(finding('person-key-owner-cannot-sign', 'missing', ref, `${userName} cannot Sign with their own key in their sender sessions, so they cannot seal.`, fix));
  if (senderMay(s, 'kms:Sign', NOBODY)) found.push(finding('person-key-others-sign', 'unsafe', ref, `Sender sessions of people other than ${userName} may Sign with ${userName}'s key: their seals would carry ${userName}'s name.`, fix));
  if (receiverMay(s, 'kms:Sign', userName)) found.push(finding('person-key-receiver-signs', 'unsafe', ref, `Receiver sessions may Sign with ${userName}'s key.`, fix));
  if (administratorMay(s, 'kms:Sign')) found.push(finding('person-key-administrator-signs', 'unsafe', ref, `An administrator allowed everything by IAM could Sign with ${userName}'s key.`, fix));
  return found;
}

const grants = (actions: string | string[] | undefined, action: string): boolean =>
  (Array.isArray(actions) ? actions : actions === undefined ? [] : [actions]).some((a) => {
    const [service, name] = a.toLowerCase().split(':');
    const [wantedService, wantedName] = action.toLowerCase().split(':');
    return a === '*' || (service === wantedService && (name === '*' || name === wantedName));
  });

const namesSourceIdentity = (condition: Record<string, Record<string, unknown>> | undefined): boolean =>
  Object.values(condition ?? {}).some((block) => Object.keys(block).some((key) => key.toLowerCase() === 'sts:sourceidentity' || key.toLowerCase() === 'aws:sourceidentity'));

/** The user names a trust policy lets sessions claim as their source identity. */
function claimableNames(statements: ReturnType<typeof parsePolicy>): string[] {
  const names = statements.flatMap((st) =>
    Object.values(st.Condition ?? {}).flatMap((block) =>
      Object.entries(block)
        .filter(([key]) => key.toLowerCase() === 'sts:sourceidentity')
        .flatMap(([, value]) => (Array.isArray(value) ? value : [value]).map(String)),
    ),
  );
  return [...new Set(names)].filter((name) => !/[*?$]/.test(name));
}

/** Who could be asking to take the role: the roles a statement names, or (for the account) an Identity Center session of `permissionSet`. */
function askingRoles(statements: ReturnType<typeof parsePolicy>, accountId: string, permissionSet: string): string[] {
  const named = statements.flatMap((st) => {
    const aws = (st.Principal as { AWS?: string | string[] } | undefined)?.AWS;
    return (Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]).filter((arn) => arn.includes(':role/'));
  });
  return [...new Set([...named, `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet}_0000000000000000`])];
}

/**
 * A sender or receiver role's trust policy: every way in must be bound to the session's
 * source identity, and a session may claim only its own person's name — judged by
 * simulating someone else's Identity Center session claiming each name the policy lists.
 */
export function trustPolicyFindings(roleArn: string, trustPolicy: string, permissionSet = 'SignetUser'): Finding[] {
  const statements = parsePolicy(trustPolicy, true).filter((st) => st.Effect === 'Allow');
  const found: Finding[] = [];
  const loose = statements.filter((st) => grants(st.Action, 'sts:AssumeRole') && !namesSourceIdentity(st.Condition));
  if (loose.length > 0) {
    const names = loose.map((st, i) => st.Sid ?? `statement ${i + 1}`).join(', ');
    found.push(
      finding('role-trust-without-source-identity', 'unsafe', roleArn, `The trust policy of ${roleArn} lets sessions in without a SourceIdentity condition (${names}): a session would not be tied to the person who started it.`, `Add "StringEquals": {"sts:SourceIdentity": "USER"} to each statement that allows sts:AssumeRole (see docs/TRUST.md).`),
    );
  }
  if (!statements.some((st) => grants(st.Action, 'sts:SetSourceIdentity'))) {
    found.push(finding('role-trust-no-set-source-identity', 'missing', roleArn, `The trust policy of ${roleArn} does not allow sts:SetSourceIdentity, so people cannot say who they are when they take the role.`, 'Allow sts:SetSourceIdentity alongside sts:AssumeRole in each statement.'));
  }
  // The loose statements are reported above; the bound ones are simulated on their own.
  const bound = statements.filter((st) => !loose.includes(st));
  if (bound.length === 0) return found;
  const boundPolicy = JSON.stringify({ Version: statements[0]!.policyVersion, Statement: bound.map(({ policyVersion: _version, ...st }) => st) });
  const accountId = roleArn.split(':')[4] ?? '';
  const claimedByOthers = claimableNames(bound).filter((name) =>
    askingRoles(bound, accountId, permissionSet).some((asking) =>
      isAllowed(boundPolicy, [EVERYTHING], {
        caller: { arn: `arn:aws:sts::${accountId}:assumed-role/${asking.slice(asking.lastIndexOf('/') + 1)}/${NOBODY}`, accountId, roleArn: asking, userId: `AROASIGNETDOCTOR:${NOBODY}` },
        action: 'sts:AssumeRole',
        resource: roleArn,
        context: { 'sts:sourceidentity': name },
      }),
    ),
  );
  if (claimedByOthers.length > 0) {
    found.push(
      finding('role-trust-claims-any-name', 'unsafe', roleArn, `The trust policy of ${roleArn} lets a session take the role under a name that is not its own (${claimedByOthers.join(', ')}): one person could seal or open files as another.`, `Tie the claimed name to the session's own: add "StringLike": {"aws:userid": "*:\${sts:SourceIdentity}"} to the statement (as deploy/signet.yaml does), or "aws:userid": "*:USER" beside each "sts:SourceIdentity": "USER".`),
    );
  }
  return found;
}

/**
 * The Identity Center permission set people sign in with: it must let them take the
 * sender and receiver roles (saying who they are), and must not give them KMS directly —
 * the keys' policies delegate to the account, so a permission set allowing kms:Decrypt
 * would open every team's files outside the roles.
 */
export function permissionSetFindings(name: string, inlinePolicy: string, p: Principals): Finding[] {
  const ref = `permission set ${name}`;
  const fixTake = `Give ${name} an inline policy that allows sts:AssumeRole and sts:SetSourceIdentity on ${p.senderRoleArn} and ${p.receiverRoleArn} (deploy/signet.yaml, PermissionSet).`;
  if (inlinePolicy.trim() === '') return [finding('permission-set-cannot-take-roles', 'missing', ref, `The permission set ${name} has no inline policy, so people who sign in cannot take the sender or receiver role.`, fixTake)];
  const caller: Caller = { arn: `arn:aws:sts::${p.accountId}:assumed-role/AWSReservedSSO_${name}/${NOBODY}`, accountId: p.accountId, userId: `AROASIGNETDOCTOR:${NOBODY}` };
  const may = (action: string, resource: string): boolean => evaluateIdentityPolicies([inlinePolicy], { caller, action, resource, context: CONTEXT[action] }) === 'allow';
  const found: Finding[] = [];
  const cannot = [p.senderRoleArn, p.receiverRoleArn].filter((role) => !may('sts:AssumeRole', role) || !may('sts:SetSourceIdentity', role));
  if (cannot.length > 0) found.push(finding('permission-set-cannot-take-roles', 'missing', ref, `People signed in with ${name} cannot take ${cannot.join(' and ')} under their own name.`, fixTake));
  const anyKey = `arn:aws:kms:*:${p.accountId}:key/*`;
  const direct = ['kms:Decrypt', 'kms:Sign'].filter((action) => may(action, anyKey));
  if (direct.length > 0) {
    found.push(
      finding('permission-set-grants-kms', 'unsafe', ref, `The permission set ${name} allows ${direct.join(' and ')} on KMS keys directly: anyone signed in could use the team keys outside the roles, without the key policies' conditions on who they are.`, `Remove KMS actions from the inline policy of ${name}; people use the keys only through the sender and receiver roles.`),
    );
  }
  return found;
}
