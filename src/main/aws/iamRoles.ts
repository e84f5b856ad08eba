// Reading IAM roles over IAM's wire protocol — the Query protocol, a signed form
// POSTed to the global endpoint with the SigV4 signing name `iam` in us-east-1 — for
// the few reads `signet admin doctor` makes: a role's trust policy and its inline
// policies. Like aws/acmPca.ts this is a small client on @smithy/signature-v4 rather
// than another SDK package; errors come back as Errors named for the AWS error, as
// the SDK's are, so aws/awsErrors.ts reads them the same way.
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface IamOptions {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The service endpoint; default IAM's global one, https://iam.amazonaws.com. */
  endpoint?: string;
  timeoutMs?: number;
}

/** An error answer from IAM: `name` is the AWS error code (NoSuchEntity, AccessDenied, …). */
export class IamError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface IamRole {
  arn: string;
  /** The trust policy's JSON text. */
  trustPolicy: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) =>
    dec !== undefined ? String.fromCodePoint(Number(dec)) : hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : ENTITIES[name]!,
  );

/** The text of every `<name>` element in `xml`, unescaped, in order. */
function elements(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => unescapeXml(m[1]!));
}

export class Iam {
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(private readonly options: IamOptions) {
    this.url = new URL(options.endpoint ?? 'https://iam.amazonaws.com');
    this.signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: options.credentials, sha256: Hash.bind(null, 'sha256') });
  }

  /** One operation: its parameters, the response document's text. */
  private async call(action: string, parameters: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...parameters }).toString();
    const request = await this.signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port === '' ? undefined : Number(this.url.port),
      path: this.url.pathname,
      headers: { host: this.url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const response = await fetch(this.url, { method: 'POST', headers: request.headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    const text = await response.text();
    if (!response.ok) throw new IamError(elements(text, 'Code')[0] ?? 'UnknownError', elements(text, 'Message')[0] ?? response.statusText, response.status);
    return text;
  }

  /** The role named `roleName`; undefined when IAM has none (NoSuchEntity). */
  async getRole(roleName: string): Promise<IamRole | undefined> {
    let xml: string;
    try {
      xml = await this.call('GetRole', { RoleName: roleName });
    } catch (error) {
      if (error instanceof IamError && error.name === 'NoSuchEntity') return undefined;
      throw error;
    }
    // IAM returns policy documents URL-encoded.
    return { arn: elements(xml, 'Arn')[0] ?? '', trustPolicy: decodeURIComponent(elements(xml, 'AssumeRolePolicyDocument')[0] ?? '') };
  }

  /** The role's inline policies' JSON texts, by name. */
  async inlinePolicies(roleName: string): Promise<Record<string, string>> {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const xml = await this.call('ListRolePolicies', marker === undefined ? { RoleName: roleName } : { RoleName: roleName, Marker: marker });
      names.push(...elements(xml.split('<PolicyNames>')[1]?.split('</PolicyNames>')[0] ?? '', 'member'));
      marker = elements(xml, 'IsTruncated')[0] === 'true' ? elements(xml, 'Marker')[0] : undefined;
    } while (marker);
    const policies: Record<string, string> = {};
    for (const name of names) {
      const xml = await this.call('GetRolePolicy', { RoleName: roleName, PolicyName: name });
      policies[name] = decodeURIComponent(elements(xml, 'PolicyDocument')[0] ?? '');
    }
    return policies;
  }
}
