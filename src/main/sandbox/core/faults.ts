// Fault injection for tests: rules that make chosen operations throttle, fail with a
// server error, drop the connection, or answer slowly. Off unless a test sets rules
// through SIGNET_SANDBOX_FAULTS or the admin endpoint; never on by default.
import { z } from 'zod';
import { AwsError } from './awsError.js';

export const FaultRuleSchema = z
  .object({
    /** "kms:Sign", "sts:AssumeRole", "iam:CreateRole", "acm-pca:IssueCertificate", "sso:GetRoleCredentials", "oidc:CreateToken", "cloudformation:CreateStack", "sso-admin:ListInstances", "kms:*" or "*". */
    operation: z.string().min(1),
    fault: z.enum(['throttle', 'server-error', 'disconnect']).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    /** How many calls the rule affects before it lapses; absent means every call. */
    count: z.number().int().min(1).optional(),
  })
  .strict();
export const FaultRulesSchema = z.array(FaultRuleSchema).max(100);
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export type ServiceName = 'kms' | 'sts' | 'iam' | 'oidc' | 'sso' | 'acm-pca' | 'cloudformation' | 'sso-admin';

const THROTTLE: Record<ServiceName, [string, number]> = {
  kms: ['ThrottlingException', 400],
  'acm-pca': ['ThrottlingException', 400],
  sts: ['Throttling', 400],
  iam: ['Throttling', 400],
  oidc: ['InternalServerException', 429],
  sso: ['TooManyRequestsException', 429],
  cloudformation: ['Throttling', 400],
  'sso-admin': ['ThrottlingException', 400],
};
const SERVER_ERROR: Record<ServiceName, [string, number]> = {
  kms: ['KMSInternalException', 500],
  'acm-pca': ['InternalFailure', 500],
  sts: ['InternalFailure', 500],
  iam: ['ServiceFailure', 500],
  oidc: ['InternalServerException', 500],
  sso: ['InternalServerException', 500],
  cloudformation: ['InternalFailure', 500],
  'sso-admin': ['InternalServerException', 500],
};

/** Thrown to make the server close the connection without answering. */
export class DisconnectFault extends Error {}

/** One call a rule applied to: the call ("kms:Sign"), the fault it got (if any) and the delay. */
export interface FiredFault {
  call: string;
  fault: NonNullable<FaultRule['fault']> | null;
  latencyMs: number;
}

/** How many firings are kept: a sandbox left running with a rule on every call stays small. */
const FIRINGS_KEPT = 1000;

export class FaultInjector {
  private rules: FaultRule[] = [];
  private firings: FiredFault[] = [];

  /** Replaces the rules, and starts a new record of what they fire. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
    this.firings = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The calls the rules have applied to since they were set (the latest 1000), oldest first: a test's proof that its fault fired. */
  fired(): FiredFault[] {
    return this.firings.map((f) => ({ ...f }));
  }

  /** Applies the first matching rule: waits, then throws the fault if it has one. */
  async apply(service: ServiceName, operation: string): Promise<void> {
    const name = `${service}:${operation}`;
    const rule = this.rules.find((r) => r.operation === '*' || r.operation === name || r.operation === `${service}:*`);
    if (!rule) return;
    if (this.firings.length === FIRINGS_KEPT) this.firings.shift();
    this.firings.push({ call: name, fault: rule.fault ?? null, latencyMs: rule.latencyMs ?? 0 });
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    }
    if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
    if (rule.fault === 'throttle') {
      const [code, status] = THROTTLE[service];
      throw new AwsError(code, 'Rate exceeded', status);
    }
    if (rule.fault === 'server-error') {
      const [code, status] = SERVER_ERROR[service];
      throw new AwsError(code, 'The service had an internal error (injected by the sandbox).', status);
    }
    if (rule.fault === 'disconnect') throw new DisconnectFault();
  }
}

/** Reads rules from SIGNET_SANDBOX_FAULTS (a JSON array), with a message naming the problem. */
export function faultsFromEnvironment(env: NodeJS.ProcessEnv): FaultRule[] {
  const raw = env.SIGNET_SANDBOX_FAULTS;
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('SIGNET_SANDBOX_FAULTS is not valid JSON; expected an array of fault rules.');
  }
  const result = FaultRulesSchema.safeParse(parsed);
  if (!result.success) throw new Error(`SIGNET_SANDBOX_FAULTS is not a valid list of fault rules: ${z.prettifyError(result.error)}`);
  return result.data;
}
