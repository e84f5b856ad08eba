// Reading IAM Identity Center's permission sets over the SSO Admin API — AWS JSON 1.1,
// `X-Amz-Target: SWBExternalService.<Operation>`, SigV4 with the signing name `sso` —
// for `signet admin doctor`'s check of the permission set people sign in with. A small
// client on aws/signedPost.ts: the SDK's own package is in an older line than the
// others Signet uses.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { callJson11, signedPoster } from './signedPost.js';

export interface SsoAdminOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The service endpoint; default https://sso.REGION.amazonaws.com. */
  endpoint?: string;
}

/** An error answer from SSO Admin: `name` is the AWS error name. */
export class SsoAdminError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface PermissionSet {
  arn: string;
  name: string;
  instanceArn: string;
  /** ISO 8601 duration, such as PT12H. */
  sessionDuration?: string;
  /** The inline policy's JSON text; empty when it has none. */
  inlinePolicy: string;
}

export class SsoAdmin {
  private readonly post: ReturnType<typeof signedPoster>;

  constructor(options: SsoAdminOptions) {
    this.post = signedPoster({ ...options, service: 'sso', endpoint: options.endpoint ?? `https://sso.${options.region}.amazonaws.com` });
  }

  private call<T>(operation: string, input: object): Promise<T> {
    return callJson11<T>(this.post, `SWBExternalService.${operation}`, input, (name, message, status) => new SsoAdminError(name, message, status));
  }

  /** Every page of a list operation, `field` of each answer concatenated. */
  private async all<T>(operation: string, input: object, field: string): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.call<Record<string, unknown>>(operation, { ...input, NextToken: token });
      items.push(...((page[field] as T[] | undefined) ?? []));
      token = page.NextToken as string | undefined;
    } while (token !== undefined);
    return items;
  }

  /** The permission set named `name` in any Identity Center instance the caller sees, with its inline policy; undefined when there is none. */
  async findPermissionSet(name: string): Promise<PermissionSet | undefined> {
    for (const instance of await this.all<{ InstanceArn: string }>('ListInstances', {}, 'Instances')) {
      for (const arn of await this.all<string>('ListPermissionSets', { InstanceArn: instance.InstanceArn }, 'PermissionSets')) {
        const { PermissionSet: described } = await this.call<{ PermissionSet: { Name: string; SessionDuration?: string } }>('DescribePermissionSet', { InstanceArn: instance.InstanceArn, PermissionSetArn: arn });
        if (described.Name !== name) continue;
        const { InlinePolicy } = await this.call<{ InlinePolicy?: string }>('GetInlinePolicyForPermissionSet', { InstanceArn: instance.InstanceArn, PermissionSetArn: arn });
        return { arn, name, instanceArn: instance.InstanceArn, sessionDuration: described.SessionDuration, inlinePolicy: InlinePolicy ?? '' };
      }
    }
    return undefined;
  }
}
