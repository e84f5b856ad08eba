// The key policy of a person's signing key (docs/TRUST.md, "Keys and policies"): only
// that person, in a sender-role session whose source identity is theirs, may Sign;
// everyone else is denied Sign, administrators included. The account keeps every
// other right, so IT can still describe, rotate the policy of, disable or schedule
// the deletion of the key. The same policy is used by `signet admin enrol` and by the
// sandbox's demo organisation.

export interface PersonKeyPolicyInput {
  accountId: string;
  /** The user name the sender role's trust policy ties to aws:SourceIdentity. */
  userName: string;
  senderRoleArn: string;
  receiverRoleArn: string;
  /**
   * While enrolling: the administrator who signs the person's CSR through KMS once,
   * before the final policy (without this) replaces it.
   */
  enrollingAdministratorArn?: string;
}

/** The JSON text of the key policy for `userName`'s signing key. */
export function personKeyPolicy(input: PersonKeyPolicyInput): string {
  const { accountId, userName, senderRoleArn, receiverRoleArn, enrollingAdministratorArn } = input;
  const statements: object[] = [
    { Sid: 'AccountAdministersButNeverSigns', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, NotAction: 'kms:Sign', Resource: '*' },
    {
      Sid: 'ThisPersonSigns',
      Effect: 'Allow',
      Principal: { AWS: senderRoleArn },
      Action: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceIdentity': userName } },
    },
    { Sid: 'ReceiversVerify', Effect: 'Allow', Principal: { AWS: receiverRoleArn }, Action: ['kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
  ];
  if (enrollingAdministratorArn === undefined) {
    statements.push(
      { Sid: 'NobodyElseSigns', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Sign', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceIdentity': userName } } },
      { Sid: 'OnlyInSenderSessions', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Sign', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': senderRoleArn } } },
    );
  } else {
    statements.push({ Sid: 'EnrolmentSignsTheCsrOnce', Effect: 'Allow', Principal: { AWS: enrollingAdministratorArn }, Action: 'kms:Sign', Resource: '*', Condition: { StringEquals: { 'kms:MessageType': 'DIGEST' } } });
  }
  return JSON.stringify({ Version: '2012-10-17', Id: `signet-person-${userName}`, Statement: statements });
}

/** The alias of `userName`'s signing key. */
export const personKeyAlias = (userName: string): string => `alias/signet/person/${userName}`;
