// Finding an AWS Private CA as the service does — by ARN, InvalidArnException for
// what is not one, ResourceNotFoundException for one that does not exist — the
// identity-policy check every operation makes (`acm-pca:<Operation>`; a CA has no
// resource policy here), and the CertificateAuthority description AWS returns.
import { AwsError } from '../core/awsError.js';
import { isAllowed } from '../core/policy.js';
import type { SignedCall } from '../core/service.js';
import type { CertificateAuthorityRecord, IssuedCertificateRecord } from '../core/state.js';

const ARN = /^arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]*:[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

export const authorityArn = (call: SignedCall, id: string): string => `arn:aws:acm-pca:${call.store.state.region}:${call.store.state.accountId}:certificate-authority/${id}`;

/** The CA an ARN names; it becomes the call's resource in the audit log. */
export function resolveAuthority(call: SignedCall, arn: string): CertificateAuthorityRecord {
  if (!ARN.test(arn) || !arn.startsWith('arn:aws:acm-pca:') || !arn.includes(':certificate-authority/')) throw new AwsError('InvalidArnException', `The ARN ${arn} is not a valid certificate authority ARN.`);
  const ca = Object.values(call.store.state.certificateAuthorities).find((c) => c.arn === arn);
  if (!ca) throw new AwsError('ResourceNotFoundException', `Could not find certificate authority ${arn}.`);
  call.audit.resource = ca.arn;
  return ca;
}

/** The certificate `arn` names, issued by `ca`. */
export function resolveCertificate(call: SignedCall, ca: CertificateAuthorityRecord, arn: string): IssuedCertificateRecord {
  if (!ARN.test(arn)) throw new AwsError('InvalidArnException', `The ARN ${arn} is not a valid certificate ARN.`);
  const prefix = `${ca.arn}/certificate/`;
  const certificate = arn.startsWith(prefix) ? ca.certificates[arn.slice(prefix.length)] : undefined;
  if (!certificate) throw new AwsError('ResourceNotFoundException', `Could not find certificate ${arn} issued by ${ca.arn}.`);
  call.audit.resource = certificate.arn;
  return certificate;
}

/** Throws AccessDeniedException unless the caller's identity policies allow `acm-pca:<operation>` on `resource`. */
export function authorise(call: SignedCall, operation: string, resource: string): void {
  const action = `acm-pca:${operation}`;
  if (!isAllowed(undefined, call.caller.identityPolicies, { caller: call.caller, action, resource })) {
    throw new AwsError('AccessDeniedException', `User: ${call.caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
  }
}

/** The CertificateAuthority structure of Describe and List. */
export function describeAuthority(call: SignedCall, ca: CertificateAuthorityRecord, validity: { serial: string; notBefore: number; notAfter: number } | undefined): object {
  return {
    Arn: ca.arn,
    OwnerAccount: call.store.state.accountId,
    CreatedAt: ca.createdAt / 1000,
    LastStateChangeAt: ca.lastStateChangeAt / 1000,
    Type: ca.type,
    Serial: validity?.serial,
    Status: ca.status,
    NotBefore: validity === undefined ? undefined : validity.notBefore / 1000,
    NotAfter: validity === undefined ? undefined : validity.notAfter / 1000,
    CertificateAuthorityConfiguration: ca.configuration,
    RevocationConfiguration: { CrlConfiguration: ca.revocationConfiguration.CrlConfiguration ?? { Enabled: false }, OcspConfiguration: { Enabled: false } },
    KeyStorageSecurityStandard: ca.keyStorageSecurityStandard,
    UsageMode: ca.usageMode,
  };
}

export function requireStatus(ca: CertificateAuthorityRecord, allowed: CertificateAuthorityRecord['status'][], doing: string): void {
  if (!allowed.includes(ca.status)) throw new AwsError('InvalidStateException', `The certificate authority ${ca.arn} is ${ca.status}; ${doing} needs it to be ${allowed.join(' or ')}.`);
}
