// One SigV4-signed POST to an AWS endpoint, for the small clients Signet writes itself
// where no SDK v3 client of the current line exists (acmPca.ts, iamRoles.ts,
// ssoAdmin.ts): the request signed for `service` in `region`, sent with a timeout, and
// the answer's status, headers and text handed back for the caller's protocol to read;
// and one AWS JSON 1.1 call on top of it (X-Amz-Target PREFIX.Operation).
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface SignedPostOptions {
  service: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  endpoint: string;
  /** How long one request may take; default 30 s. */
  timeoutMs?: number;
}

/** A poster for one endpoint: `post(body, headers)` signs and sends, and resolves with the raw answer. */
export function signedPoster(options: SignedPostOptions): (body: string, headers: Record<string, string>) => Promise<Response> {
  const url = new URL(options.endpoint);
  const signer = new SignatureV4({ service: options.service, region: options.region, credentials: options.credentials, sha256: Hash.bind(null, 'sha256') });
  return async (body, headers) => {
    const request = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      headers: { host: url.host, ...headers },
      body,
    });
    return fetch(url, { method: 'POST', headers: request.headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  };
}

/** One AWS JSON 1.1 operation through `post`: its parsed answer, or the error `makeError` builds from the AWS error name. */
export async function callJson11<T>(
  post: ReturnType<typeof signedPoster>,
  target: string,
  input: object,
  makeError: (name: string, message: string, status: number) => Error,
): Promise<T> {
  const response = await post(JSON.stringify(input), { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target });
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (!response.ok) {
    const type = String(parsed.__type ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError');
    const name = type.slice(type.lastIndexOf('#') + 1).split(':')[0]!;
    throw makeError(name, String(parsed.message ?? parsed.Message ?? response.statusText), response.status);
  }
  return parsed as T;
}
