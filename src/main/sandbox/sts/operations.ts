// STS over the AWS Query protocol: AssumeRole (trust policy, session name and source
// identity rules, duration bounds, one-hour limit on role chaining) and
// GetCallerIdentity. Each operation takes the form's parameters and returns its
// `<…Result>` element; the Query protocol (core/protocols.ts) wraps it.
import { AwsError } from '../core/awsError.js';
import { resolveCaller, sessionArn } from '../core/callers.js';
import { newSecret, newTemporaryAccessKeyId, newOpaqueToken } from '../core/ids.js';
import { isAllowed } from '../core/policy.js';
import { escapeMarkup } from '../core/markup.js';
import { awsQuery } from '../core/protocols.js';
import type { Operation, Service, SignedCall } from '../core/service.js';

const NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const CHAINED_MAX_SECONDS = 3600;

function element(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeMarkup(value)}</${name}>`;
}

function stsValidation(field: string, value: string, rule: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);
}

function assumeRole(params: URLSearchParams, { store, caller, audit }: SignedCall): string {
  const state = store.state;
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  if (!roleArn) throw stsValidation('roleArn', 'null', 'Member must not be null');
  if (!sessionName) throw stsValidation('roleSessionName', 'null', 'Member must not be null');
  if (!NAME_PATTERN.test(sessionName)) throw stsValidation('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  const sourceIdentity = params.get('SourceIdentity') ?? undefined;
  if (sourceIdentity !== undefined && (!NAME_PATTERN.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
    throw stsValidation('sourceIdentity', sourceIdentity, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  const role = Object.values(state.roles).find((r) => r.arn === roleArn);
  audit.resource = roleArn;
  const denied = (): AwsError =>
    new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  if (!role) throw denied();

  const inherited = caller.sourceIdentity;
  if (inherited !== undefined && sourceIdentity !== undefined && sourceIdentity !== inherited) {
    throw new AwsError('AccessDenied', `The source identity ${inherited} of this session cannot be changed to ${sourceIdentity} when chaining roles.`, 403);
  }
  const effectiveSource = sourceIdentity ?? inherited;
  const context = { 'sts:rolesessionname': sessionName, 'sts:sourceidentity': sourceIdentity };
  const request = { caller, resource: role.arn, context };
  if (!isAllowed(role.trustPolicy, caller.identityPolicies, { ...request, action: 'sts:AssumeRole' })) throw denied();
  if (sourceIdentity !== undefined && !isAllowed(role.trustPolicy, caller.identityPolicies, { ...request, action: 'sts:SetSourceIdentity' })) {
    throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${roleArn}`, 403);
  }

  const chained = caller.accessKey.principal.kind === 'assumed-role';
  const requested = params.get('DurationSeconds');
  const duration = requested === null ? 3600 : Number(requested);
  if (!Number.isInteger(duration) || duration < 900) {
    throw stsValidation('durationSeconds', String(requested), 'Member must have value greater than or equal to 900');
  }
  const max = chained ? CHAINED_MAX_SECONDS : role.maxSessionDuration;
  if (duration > max) {
    throw new AwsError(
      'ValidationError',
      chained
        ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
        : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }

  const accessKeyId = newTemporaryAccessKeyId();
  const secretAccessKey = newSecret();
  const sessionToken = newOpaqueToken('IQoJb3JpZ2luX2VjE');
  const expiresAt = store.now() + duration * 1000;
  state.accessKeys[accessKeyId] = {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiresAt,
    principal: {
      kind: 'assumed-role',
      roleName: role.name,
      sessionName,
      sourceIdentity: effectiveSource,
      chained,
    },
  };
  const assumed = resolveCaller(state, state.accessKeys[accessKeyId]!);
  return (
    `<AssumeRoleResult>` +
    element('SourceIdentity', effectiveSource) +
    `<AssumedRoleUser>${element('AssumedRoleId', assumed.userId)}${element('Arn', sessionArn(state.accountId, role.name, sessionName))}</AssumedRoleUser>` +
    `<Credentials>${element('AccessKeyId', accessKeyId)}${element('SecretAccessKey', secretAccessKey)}${element('SessionToken', sessionToken)}${element('Expiration', new Date(expiresAt).toISOString())}</Credentials>` +
    `<PackedPolicySize>0</PackedPolicySize>` +
    `</AssumeRoleResult>`
  );
}

function getCallerIdentity(_params: URLSearchParams, { caller }: SignedCall): string {
  return (
    `<GetCallerIdentityResult>${element('Arn', caller.arn)}${element('UserId', caller.userId)}${element('Account', caller.accountId)}</GetCallerIdentityResult>`
  );
}

export const STS_OPERATIONS: Record<string, Operation<URLSearchParams, string, SignedCall>> = {
  AssumeRole: { mutates: true, run: assumeRole },
  GetCallerIdentity: { mutates: false, run: getCallerIdentity },
};

export const STS_SERVICE: Service<URLSearchParams, string, SignedCall> = {
  name: 'sts',
  signingName: 'sts',
  protocol: awsQuery('2011-06-15', 'https://sts.amazonaws.com/doc/2011-06-15/'),
  internalErrorCode: 'InternalFailure',
  operations: STS_OPERATIONS,
};
