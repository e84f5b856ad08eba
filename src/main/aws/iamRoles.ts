// Reading IAM roles over IAM's wire protocol — the Query protocol, a signed form
// POSTed to the global endpoint with the SigV4 signing name `iam` in us-east-1 — for
// the few reads `signet admin doctor` makes: a role's trust policy and its inline
// policies. Like aws/acmPca.ts this is a small client on @smithy/signature-v4 rather
// than another SDK package; errors come back as Errors named for the AWS error, as
// the SDK's are, so aws/awsErrors.ts reads them the same way.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { signedPoster } from './signedPost.js';

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
  private readonly post: ReturnType<typeof signedPoster>;

  constructor(options: IamOptions) {
    this.post = signedPoster({ ...options, service: 'iam', region: 'us-east-1', endpoint: options.endpoint ?? 'https://iam.amazonaws.com' });
  }

  /** One operation: its parameters, the response document's text. */
  private async call(action: string, parameters: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...parameters }).toString();
    const response = await this.post(body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
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
