// The doctor's policy judgements on their own: the person key policy `signet admin
// enrol` writes passes, and each way of loosening it (or a trust policy) is named.
import { describe, expect, it } from 'vitest';
import { personKeyPolicy } from '../../../src/main/admin/keyPolicies.js';
import { permissionSetFindings, personKeyFindings, trustPolicyFindings, type Principals } from '../../../src/main/admin/doctorPolicies.js';

const account = '111122223333';
const p: Principals = {
  accountId: account,
  senderRoleArn: `arn:aws:iam::${account}:role/SignetSender`,
  receiverRoleArn: `arn:aws:iam::${account}:role/SignetReceiver`,
  administratorArn: `arn:aws:iam::${account}:user/admin`,
  senderPolicies: [],
  receiverPolicies: [],
};
const keyArn = `arn:aws:kms:eu-west-1:${account}:key/0b0c0d0e-0000-4000-8000-000000000000`;
const enrolled = personKeyPolicy({ accountId: account, userName: 'dana', senderRoleArn: p.senderRoleArn, receiverRoleArn: p.receiverRoleArn });

const without = (policy: string, sid: string): string => {
  const doc = JSON.parse(policy) as { Statement: { Sid: string }[] };
  return JSON.stringify({ ...doc, Statement: doc.Statement.filter((s) => s.Sid !== sid) });
};

describe('person key policies', () => {
  it('the policy enrol writes has no findings', () => {
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, enrolled, p)).toEqual([]);
  });

  it('without its Deny for other source identities, a statement letting the sender role Sign lets other senders sign as dana', () => {
    const loose = JSON.parse(without(enrolled, 'NobodyElseSigns')) as { Statement: object[] };
    loose.Statement.push({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: p.senderRoleArn }, Action: 'kms:Sign', Resource: '*' });
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, JSON.stringify(loose), p).map((f) => f.check)).toEqual(['person-key-others-sign']);
  });

  it('the enrolment policy, left in place, lets the administrator Sign; without the sender statement dana cannot', () => {
    const enrolling = personKeyPolicy({ accountId: account, userName: 'dana', senderRoleArn: p.senderRoleArn, receiverRoleArn: p.receiverRoleArn, enrollingAdministratorArn: p.administratorArn });
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, enrolling, p).map((f) => f.check)).toContain('person-key-administrator-signs');
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, without(enrolled, 'ThisPersonSigns'), p).map((f) => f.check)).toEqual(['person-key-owner-cannot-sign']);
  });
});

describe('trust policies', () => {
  const ssoRole = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SignetUser_0123456789abcdef`;
  const bound = { Sid: 'AllowDana', Effect: 'Allow', Principal: { AWS: ssoRole }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'sts:SourceIdentity': 'dana' }, StringLike: { 'aws:userid': '*:dana' } } };

  it('a statement per person bound to their source identity passes; one without the condition is unsafe', () => {
    expect(trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Statement: [bound] }))).toEqual([]);
    const loose = { Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: ssoRole }, Action: 'sts:*' };
    const found = trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Statement: [bound, loose] }));
    expect(found).toMatchObject([{ check: 'role-trust-without-source-identity', severity: 'unsafe' }]);
    expect(found[0]!.problem).toContain('Everyone');
  });

  it("a statement that lets any session claim a listed name is unsafe; the template's binding with a policy variable passes", () => {
    const unbound = { ...bound, Condition: { StringEquals: { 'sts:SourceIdentity': ['dana', 'eve'] } } };
    const found = trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Version: '2012-10-17', Statement: [unbound] }));
    expect(found).toMatchObject([{ check: 'role-trust-claims-any-name', severity: 'unsafe' }]);
    expect(found[0]!.problem).toContain('dana, eve');
    const templateStyle = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_SignetUser_*` },
        StringEquals: { 'sts:SourceIdentity': ['dana', 'eve'] },
        StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' },
      },
    };
    expect(trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Version: '2012-10-17', Statement: [templateStyle] }))).toEqual([]);
    // Without Version 2012-10-17 the variable is plain text: nobody matches, so nothing is claimable by others either.
    expect(trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Version: '2012-10-17', Statement: [{ ...templateStyle, Condition: { ...templateStyle.Condition, StringLike: undefined } }] }))).toMatchObject([{ check: 'role-trust-claims-any-name' }]);
  });

  it('a trust policy that never allows sts:SetSourceIdentity is reported as missing', () => {
    const found = trustPolicyFindings(p.senderRoleArn, JSON.stringify({ Statement: [{ ...bound, Action: 'sts:AssumeRole' }] }));
    expect(found).toMatchObject([{ check: 'role-trust-no-set-source-identity', severity: 'missing' }]);
  });
});

describe('the Identity Center permission set', () => {
  const takeRoles = { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: [p.senderRoleArn, p.receiverRoleArn] };
  const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

  it("the template's inline policy passes", () => {
    expect(permissionSetFindings('SignetUser', policy(takeRoles), p)).toEqual([]);
  });

  it('no inline policy, or one that cannot take the receiver role, is missing', () => {
    expect(permissionSetFindings('SignetUser', '', p)).toMatchObject([{ check: 'permission-set-cannot-take-roles', severity: 'missing' }]);
    const found = permissionSetFindings('SignetUser', policy({ ...takeRoles, Resource: p.senderRoleArn }), p);
    expect(found).toMatchObject([{ check: 'permission-set-cannot-take-roles', severity: 'missing' }]);
    expect(found[0]!.problem).toContain(p.receiverRoleArn);
    expect(found[0]!.problem).not.toContain(p.senderRoleArn);
  });

  it('a permission set that gives KMS directly is unsafe', () => {
    const found = permissionSetFindings('SignetUser', policy(takeRoles, { Effect: 'Allow', Action: 'kms:*', Resource: '*' }), p);
    expect(found).toMatchObject([{ check: 'permission-set-grants-kms', severity: 'unsafe' }]);
    expect(found[0]!.problem).toContain('kms:Decrypt and kms:Sign');
  });
});

describe("the sender role's second lock (deploy/signet.yaml, SignOnlyWithOwnKey)", () => {
  const ownKeyOnly = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'kms:Sign', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/signet:person': '${aws:SourceIdentity}' } } }],
  });
  const locked: Principals = { ...p, senderPolicies: [ownKeyOnly] };

  it("judges a person's key with its tags: tagged for its owner it passes, untagged its owner cannot sign", () => {
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, enrolled, locked, { 'signet:person': 'dana' })).toEqual([]);
    expect(personKeyFindings('dana', 'alias/signet/person/dana', keyArn, enrolled, locked, {})).toMatchObject([{ check: 'person-key-owner-cannot-sign' }]);
  });
});
