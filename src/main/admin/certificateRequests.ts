// The certificates `signet admin` asks the Private CA for, per docs/TRUST.md's
// profile table: a person's (digitalSignature + nonRepudiation, emailProtection +
// documentSigning, their e-mail and their KMS key ARN as names), a team's
// (keyEncipherment, the team key's ARN) and the report-signing key's, issued with the API-passthrough template so
// that the CA writes exactly these extensions.
import type { AcmPca, ApiPassthrough } from '../aws/acmPca.js';

export const PASSTHROUGH_TEMPLATE = 'arn:aws:acm-pca:::template/BlankEndEntityCertificate_APIPassthrough/V1';
export const DOCUMENT_SIGNING_OID = '1.3.6.1.5.5.7.3.36';
/** How long a person's or a team's certificate is valid. */
export const CERTIFICATE_DAYS = 365;

export interface Person {
  userName: string;
  displayName: string;
  email: string;
  team: string;
}

export function personPassthrough(person: Person, organisation: string, keyArn: string): ApiPassthrough {
  return {
    Subject: { CommonName: person.displayName, OrganizationalUnit: person.team, Organization: organisation },
    Extensions: {
      KeyUsage: { DigitalSignature: true, NonRepudiation: true },
      ExtendedKeyUsage: [{ ExtendedKeyUsageType: 'EMAIL_PROTECTION' }, { ExtendedKeyUsageObjectIdentifier: DOCUMENT_SIGNING_OID }],
      SubjectAlternativeNames: [{ Rfc822Name: person.email }, { UniformResourceIdentifier: keyArn }],
    },
  };
}

export function teamPassthrough(team: string, organisation: string, keyArn: string): ApiPassthrough {
  return {
    Subject: { CommonName: team, Organization: organisation },
    Extensions: {
      KeyUsage: { KeyEncipherment: true },
      ExtendedKeyUsage: [{ ExtendedKeyUsageType: 'EMAIL_PROTECTION' }],
      SubjectAlternativeNames: [{ UniformResourceIdentifier: keyArn }],
    },
  };
}

/** The organisation's report-signing key: it signs evidence reports (PDF), so documentSigning, and emailProtection for NSS readers such as pdfsig. */
export function reportPassthrough(organisation: string, keyArn: string): ApiPassthrough {
  return {
    Subject: { CommonName: `${organisation} evidence reports`, Organization: organisation },
    Extensions: {
      KeyUsage: { DigitalSignature: true, NonRepudiation: true },
      ExtendedKeyUsage: [{ ExtendedKeyUsageObjectIdentifier: DOCUMENT_SIGNING_OID }, { ExtendedKeyUsageType: 'EMAIL_PROTECTION' }],
      SubjectAlternativeNames: [{ UniformResourceIdentifier: keyArn }],
    },
  };
}

/** Issues a certificate for `csr` with `passthrough` and waits until the CA has it; returns its ARN and PEM. */
export async function issueAndFetch(pca: AcmPca, caArn: string, csr: string, passthrough: ApiPassthrough, idempotencyToken: string): Promise<{ certificateArn: string; certificate: string; chain: string }> {
  const { CertificateArn } = await pca.issueCertificate({
    CertificateAuthorityArn: caArn,
    Csr: csr,
    SigningAlgorithm: 'SHA512WITHECDSA',
    TemplateArn: PASSTHROUGH_TEMPLATE,
    Validity: { Type: 'DAYS', Value: CERTIFICATE_DAYS },
    ApiPassthrough: passthrough,
    IdempotencyToken: idempotencyToken,
  });
  const issued = await pca.waitForCertificate(caArn, CertificateArn);
  return { certificateArn: CertificateArn, certificate: issued.Certificate, chain: issued.CertificateChain ?? '' };
}
