// AWS Private CA (ACM PCA) over its wire protocol — AWS JSON 1.1, `X-Amz-Target:
// ACMPrivateCA.<Operation>`, SigV4 with the signing name `acm-pca` — for the few
// calls `signet admin` makes. The SDK's own client for this service exists only in
// an older line with a second copy of the SDK core, so this is a small client on the
// same @smithy/signature-v4 the rest of Signet's AWS code uses. Errors come back as
// Errors named for the AWS error (`name`), as the SDK's are, so aws/awsErrors.ts
// reads them the same way.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { callJson11, signedPoster } from './signedPost.js';

export interface AcmPcaOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The service endpoint; default https://acm-pca.REGION.amazonaws.com. */
  endpoint?: string;
  /** How long one HTTP request may take. */
  timeoutMs?: number;
}

/** An error answer from ACM PCA: `name` is the AWS error name. */
export class AcmPcaError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set(['ThrottlingException', 'RequestFailedException', 'ServiceUnavailable', 'InternalFailure']);
const ATTEMPTS = 4;

export type Validity = { Type: 'DAYS' | 'MONTHS' | 'YEARS' | 'END_DATE' | 'ABSOLUTE'; Value: number };

export interface ApiPassthrough {
  Extensions?: {
    KeyUsage?: Record<string, boolean>;
    ExtendedKeyUsage?: { ExtendedKeyUsageType?: string; ExtendedKeyUsageObjectIdentifier?: string }[];
    SubjectAlternativeNames?: ({ Rfc822Name: string } | { UniformResourceIdentifier: string })[];
  };
  Subject?: { CommonName?: string; OrganizationalUnit?: string; Organization?: string };
}

export class AcmPca {
  private readonly post: ReturnType<typeof signedPoster>;

  constructor(options: AcmPcaOptions) {
    this.post = signedPoster({ ...options, service: 'acm-pca', endpoint: options.endpoint ?? `https://acm-pca.${options.region}.amazonaws.com` });
  }

  /** One operation: its JSON input, its parsed JSON output. Throttling and server errors are retried. */
  async call<T = Record<string, unknown>>(operation: string, input: object): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(operation, input);
      } catch (error) {
        const retryable = error instanceof AcmPcaError && (RETRYABLE.has(error.name) || error.status >= 500);
        if (!retryable || attempt === ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  private once<T>(operation: string, input: object): Promise<T> {
    return callJson11<T>(this.post, `ACMPrivateCA.${operation}`, input, (name, message, status) => new AcmPcaError(name, message, status));
  }

  issueCertificate(input: {
    CertificateAuthorityArn: string;
    Csr: string;
    SigningAlgorithm: string;
    TemplateArn: string;
    Validity: Validity;
    ApiPassthrough?: ApiPassthrough;
    IdempotencyToken?: string;
  }): Promise<{ CertificateArn: string }> {
    return this.call('IssueCertificate', { ...input, Csr: Buffer.from(input.Csr).toString('base64') });
  }

  /** GetCertificate, waiting while the CA is still issuing (RequestInProgressException), as the CLI's waiter does. */
  async waitForCertificate(caArn: string, certificateArn: string, { delayMs = 1000, attempts = 60 } = {}): Promise<{ Certificate: string; CertificateChain?: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call('GetCertificate', { CertificateAuthorityArn: caArn, CertificateArn: certificateArn });
      } catch (error) {
        if (!(error instanceof AcmPcaError && error.name === 'RequestInProgressException') || attempt === attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  getCertificate(caArn: string, certificateArn: string): Promise<{ Certificate: string; CertificateChain?: string }> {
    return this.call('GetCertificate', { CertificateAuthorityArn: caArn, CertificateArn: certificateArn });
  }

  getCertificateAuthorityCertificate(caArn: string): Promise<{ Certificate: string; CertificateChain?: string }> {
    return this.call('GetCertificateAuthorityCertificate', { CertificateAuthorityArn: caArn });
  }

  revokeCertificate(caArn: string, serialHex: string, reason: string): Promise<unknown> {
    return this.call('RevokeCertificate', { CertificateAuthorityArn: caArn, CertificateSerial: serialHex, RevocationReason: reason });
  }

  async listCertificateAuthorities(): Promise<CertificateAuthoritySummary[]> {
    const all: CertificateAuthoritySummary[] = [];
    let next: string | undefined;
    do {
      const page: { CertificateAuthorities?: CertificateAuthoritySummary[]; NextToken?: string } = await this.call('ListCertificateAuthorities', next ? { NextToken: next } : {});
      all.push(...(page.CertificateAuthorities ?? []));
      next = page.NextToken;
    } while (next);
    return all;
  }
}

export interface CertificateAuthoritySummary {
  Arn: string;
  Type: 'ROOT' | 'SUBORDINATE';
  Status: string;
  CertificateAuthorityConfiguration?: { Subject?: { CommonName?: string; Organization?: string } };
  RevocationConfiguration?: { CrlConfiguration?: { Enabled?: boolean } };
}
