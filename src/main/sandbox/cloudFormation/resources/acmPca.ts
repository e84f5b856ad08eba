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

export const CERTIFICATE_AUTHORITY: ResourceType = {
  required: ['Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject'],
  optional: ['RevocationConfiguration', 'Tags', 'UsageMode', 'KeyStorageSecurityStandard'],
  attributes: ['Arn', 'CertificateSigningRequest'],
  async create(properties, { call }) {
    const { CertificateAuthorityArn: arn } = (await ACM_PCA_OPERATIONS.CreateCertificateAuthority!.run(
      present({
        CertificateAuthorityType: text(properties, 'Type'),
        CertificateAuthorityConfiguration: { KeyAlgorithm: text(properties, 'KeyAlgorithm'), SigningAlgorithm: text(properties, 'SigningAlgorithm'), Subject: properties.Subject },
        RevocationConfiguration: properties.RevocationConfiguration,
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
