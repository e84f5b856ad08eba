// Policy variables in condition values (docs/TRUST.md, "Deployment"): the template's
// one trust statement per role ties a session to the name it claims with
// "aws:userid": "*:${sts:SourceIdentity}", and the sender role's policy refuses Sign on
// a key not tagged for the session's person with "${aws:SourceIdentity}".
import { describe, expect, it } from 'vitest';
import { evaluateIdentityPolicies, evaluateResourcePolicy, type AuthorizationRequest } from '../../../src/main/policy/iamPolicy.js';

const ACCOUNT = '111122223333';
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SignetUser_0123456789abcdef`;

const trust = (version: string): string =>
  JSON.stringify({
    Version: version,
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: { StringEquals: { 'sts:SourceIdentity': ['alice', 'carol'] }, StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' } },
      },
    ],
  });

function assume(sessionOf: string, claims: string | undefined): AuthorizationRequest {
  return {
    caller: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_SignetUser_0123456789abcdef/${sessionOf}`, accountId: ACCOUNT, roleArn: SSO_ROLE, userId: `AROAEXAMPLE:${sessionOf}` },
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/SignetSender`,
    context: { 'sts:sourceidentity': claims },
  };
}

describe('policy variables in conditions', () => {
  it("lets a session claim only its own name, and only a listed one", () => {
    expect(evaluateResourcePolicy(trust('2012-10-17'), assume('alice', 'alice'))).toBe('delegate');
    expect(evaluateResourcePolicy(trust('2012-10-17'), assume('carol', 'alice'))).toBe('none');
    expect(evaluateResourcePolicy(trust('2012-10-17'), assume('bob', 'bob'))).toBe('none');
    expect(evaluateResourcePolicy(trust('2012-10-17'), assume('alice', undefined))).toBe('none');
  });

  it('replaces a value literally: a claimed name with a wildcard in it matches only itself', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' } } }] });
    expect(evaluateResourcePolicy(policy, assume('alice', '*'))).toBe('none');
    expect(evaluateResourcePolicy(policy, assume('alice', 'ali*'))).toBe('none');
    expect(evaluateResourcePolicy(policy, assume('ali*', 'ali*'))).toBe('allow');
  });

  it('has no variables in policies older than 2012-10-17: the text is compared as written', () => {
    expect(evaluateResourcePolicy(trust('2008-10-17'), assume('alice', 'alice'))).toBe('none');
  });

  it('uses a default for a missing value, and ${*} for a literal asterisk', () => {
    const policy = (value: string): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:userid': value } } }] });
    const request = { ...assume('x', undefined), caller: { ...assume('x', undefined).caller, userId: 'nobody*' } };
    expect(evaluateIdentityPolicies([policy("${sts:SourceIdentity, 'nobody'}${*}")], request)).toBe('allow');
    expect(evaluateIdentityPolicies([policy('${sts:SourceIdentity}${*}')], request)).toBe('none');
  });

  it("refuses Sign on a key tagged for someone else (aws:ResourceTag against ${aws:SourceIdentity})", () => {
    const senderPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'kms:Sign', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/signet:person': '${aws:SourceIdentity}' } } }],
    });
    const sign = (sourceIdentity: string, tagged: string | undefined): AuthorizationRequest => ({
      caller: { arn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/s', accountId: ACCOUNT, roleArn: `arn:aws:iam::${ACCOUNT}:role/SignetSender`, userId: 'AROAX:s', sourceIdentity },
      action: 'kms:Sign',
      resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`,
      context: { 'aws:resourcetag/signet:person': tagged },
    });
    expect(evaluateIdentityPolicies([senderPolicy], sign('alice', 'alice'))).toBe('none');
    expect(evaluateIdentityPolicies([senderPolicy], sign('carol', 'alice'))).toBe('deny');
    expect(evaluateIdentityPolicies([senderPolicy], sign('carol', undefined))).toBe('deny');
  });
});
