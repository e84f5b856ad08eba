// What a service supplies to the sandbox: its protocol, whether it is signed (and under
// which SigV4 name), the error code for its internal failures, and its operation
// table. Each operation declares whether it changes the store; the pipeline
// (pipeline.ts) does the rest — authentication, fault injection, saving, audit and
// serialisation — the same way for every service.
import type { ResolvedCaller } from './callers.js';
import type { ServiceName } from './faults.js';
import type { Protocol } from './protocols.js';
import type { SignedService } from './sigv4.js';
import type { SandboxStore } from './state.js';

/** What the audit log records about a call beyond its operation and outcome. */
export interface Who {
  principal?: string;
  sourceIdentity?: string;
  resource?: string;
}

export interface Call {
  store: SandboxStore;
  /** Who signed the request; undefined for the unsigned services. */
  caller: ResolvedCaller | undefined;
  /** Filled in for the audit log: the pipeline sets who signed, handlers add the resource (or, unsigned, the person). */
  audit: Who;
  /** The sandbox's own address, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
}

/** The call a signed service's handlers get: the caller is known. */
export interface SignedCall extends Call {
  caller: ResolvedCaller;
}

export interface Operation<Input, Output, C extends Call> {
  /**
   * True when the operation may change the store. The pipeline then saves the store
   * after the operation runs, whether it succeeded or failed, and before the answer
   * goes out; an operation that is not `mutates` never saves.
   */
  mutates: boolean;
  run(input: Input, call: C): Promise<Output> | Output;
}

export interface Service<Input, Output, C extends Call> {
  /** The name in fault rules and the audit log. */
  name: ServiceName;
  /** The SigV4 service name for signed services; absent for unsigned ones. */
  signingName?: SignedService;
  protocol: Protocol<Input, Output>;
  /** The code an unexpected failure is answered with (status 500). */
  internalErrorCode: string;
  operations: Record<string, Operation<Input, Output, C>>;
}

/**
 * An operation in four steps, each with one job: `parse` checks the request's shape
 * (nothing in the store is read), `authorise` finds what the call acts on and checks
 * the caller may, `act` checks the state and changes it, `serialise` shapes the answer.
 */
export function staged<Input, Output, C extends Call, Parsed, Authorised, Result>(steps: {
  mutates: boolean;
  parse(input: Input): Parsed;
  authorise(parsed: Parsed, call: C): Authorised;
  act(authorised: Authorised, call: C): Result | Promise<Result>;
  serialise(result: Result, call: C): Output;
}): Operation<Input, Output, C> {
  return {
    mutates: steps.mutates,
    async run(input, call) {
      const parsed = steps.parse(input);
      const result = await steps.act(steps.authorise(parsed, call), call);
      return steps.serialise(result, call);
    },
  };
}
