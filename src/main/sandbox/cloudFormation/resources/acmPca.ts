// AWS::ACMPCA::CertificateAuthority, made with Private CA's own
// CreateCertificateAuthority as the stack's caller. As in AWS, a new CA is
// PENDING_CERTIFICATE: a SUBORDINATE CA waits for IT to have its CSR (Fn::GetAtt
// CertificateSigningRequest) signed by the root and to import the certificate. Deleting
// it (acm-pca:DeleteCertificateAuthority) removes it; AWS keeps a deleted CA restorable
// for a while, the sandbox does not. Ref and Fn::GetAtt Arn: its ARN.
import { authorise, resolveAuthority } from '../../acmPca/authorities.js';
import { ACM_PCA_OPERATIONS } from '../../acmPca/operations.js';
import { text, type Properties, type ResourceType } from './resourceType.js';

const present = (input: Properties): Properties => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

/**
 * RevocationConfiguration with its CRL settings in the types the resource schema gives
 * them, as CloudFormation converts them: a Ref to a Number parameter is a string
 * ("7"), ExpirationInDays an integer; Enabled a boolean.
 */
function revocationConfiguration(value: unknown): unknown {
  const crl = (value as { CrlConfiguration?: Record<string, unknown> } | undefined)?.CrlConfiguration;
  if (crl === undefined || typeof crl !== 'object') return value;
  const days = crl.ExpirationInDays;
  const enabled = crl.Enabled;
  return {
    ...(value as object),
    CrlConfiguration: {
      ...crl,
      ExpirationInDays: typeof days === 'string' && /^\d+$/.test(days) ? Number(days) : days,
      Enabled: enabled === 'true' ? true : enabled === 'false' ? false : enabled,
    },
  };
}

export const CERTIFICATE_AUTHORITY: ResourceType = {
  required: ['Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject'],
  optional: ['RevocationConfiguration', 'Tags', 'UsageMode', 'KeyStorageSecurityStandard'],
  attributes: ['Arn', 'CertificateSigningRequest'],
  async create(properties, { call }) {
    const { CertificateAuthorityArn: arn } = (await ACM_PCA_OPERATIONS.CreateCertificateAuthority!.run(
      present({
        CertificateAuthorityType: text(properties, 'Type'),
        CertificateAuthorityConfiguration: { KeyAlgorithm: text(properties, 'KeyAlgorithm'), SigningAlgorithm: text(properties, 'SigningAlgorithm'), Subject: properties.Subject },
        RevocationConfiguration: revocationConfiguration(properties.RevocationConfiguration),
        Tags: properties.Tags,
        UsageMode: text(properties, 'UsageMode'),
        KeyStorageSecurityStandard: text(properties, 'KeyStorageSecurityStandard'),
      }),
      call,
    )) as { CertificateAuthorityArn: string };
    const ca = resolveAuthority(call, arn);
    return { physicalId: arn, attributes: { Arn: arn, CertificateSigningRequest: ca.csrPem.trim() } };
  },
  async delete(resource, { call }) {
    const ca = resolveAuthority(call, resource.physicalId!);
    authorise(call, 'DeleteCertificateAuthority', ca.arn);
    delete call.store.state.certificateAuthorities[ca.id];
  },
};
