// The one path every AWS call takes through the sandbox, once the guards have let the
// request in and routing has picked the service: the protocol names the operation
// and checks the request's shape → injected faults → SigV4 for signed services →
// the operation runs (and the store is saved if it `mutates`) → the audit record is
// written → the result or the error goes out in the service's protocol. A call that
// was answered is in the audit log; nothing a client sends can crash the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from './audit.js';
import { AwsError } from './awsError.js';
import type { FaultInjector } from './faults.js';
import { DisconnectFault } from './faults.js';
import { BodyTooLarge, readRequest, sendReply, type Reply, type SandboxRequest } from './http.js';
import { newRequestId } from './ids.js';
import { addressedToSandbox } from './requestGuards.js';
import type { Call, Service, Who } from './service.js';
import { authenticate } from './sigv4.js';
import type { SandboxStore } from './state.js';

/** What the pipeline needs from the running sandbox. */
export interface SandboxContext {
  store: SandboxStore;
  faults: FaultInjector;
  audit: AuditLog;
  /** The sandbox's own address; empty until it listens. */
  baseUrl: string;
  /** The Host values that name the sandbox (requestGuards.ts); none until it listens. */
  hosts: string[];
}

/** Something a routed request is handed to: a service, the sign-in pages or the admin API. */
export interface Endpoint {
  /** The code this endpoint names an access refusal with ("AccessDenied" in the Query protocol). */
  accessDeniedCode: string;
  /** The answer to a request the guards refused, in this endpoint's shape. */
  refuse(error: AwsError, requestId: string): Reply;
  handle(request: SandboxRequest, context: SandboxContext, requestId: string): Promise<Reply>;
}

/** Runs `service`'s operations through the pipeline. */
export function serviceEndpoint<Input, Output, C extends Call>(service: Service<Input, Output, C>): Endpoint {
  const { protocol, operations } = service;
  return {
    accessDeniedCode: protocol.accessDeniedCode,
    refuse: (error, requestId) => protocol.error(error, requestId),
    async handle(request, context, requestId) {
      const operation = protocol.operationName(request);
      const who: Who = {};
      const record = (outcome: string): Promise<void> =>
        context.audit.append({
          time: new Date().toISOString(),
          requestId,
          service: service.name,
          operation: operation || 'unknown',
          principal: who.principal,
          sourceIdentity: who.sourceIdentity,
          resource: who.resource,
          outcome,
        });
      try {
        const known = Object.hasOwn(operations, operation);
        const input = protocol.decode(request, operation, known);
        const entry = operations[operation]!;
        await context.faults.apply(service.name, operation);
        const caller = service.signingName === undefined ? undefined : await authenticate(context.store, service.signingName, request);
        who.principal = caller?.arn;
        who.sourceIdentity = caller?.sourceIdentity;
        // Signed services get their caller; unsigned ones declare C without one.
        const call = { store: context.store, caller, audit: who, baseUrl: context.baseUrl } as C;
        let output: Output;
        try {
          output = await entry.run(input, call);
        } finally {
          if (entry.mutates) await context.store.commit();
        }
        await record('ok');
        return protocol.result(operation, output, requestId);
      } catch (error) {
        if (error instanceof DisconnectFault) throw error;
        const e = error instanceof AwsError ? error : internalError(error, service.internalErrorCode);
        await record(e.code);
        return protocol.error(e, requestId);
      }
    },
  };
}

function internalError(error: unknown, code: string): AwsError {
  process.stderr.write(`signet sandbox: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return new AwsError(code, 'The sandbox had an internal error.', 500);
}

/** The endpoint a request goes to, decided from its method, path and headers alone (before its body is read). */
export type Router = (request: Pick<SandboxRequest, 'method' | 'path' | 'headers'>) => Endpoint;

/**
 * Answers one HTTP request: the guards first (a Host that does not name the sandbox is
 * refused before anything is read, in the shape of the endpoint it was routed to), then
 * the body within its bound, then the endpoint. Every answer carries x-amzn-RequestId.
 */
export async function serveRequest(req: IncomingMessage, res: ServerResponse, context: SandboxContext, route: Router, maxBodyBytes: number): Promise<void> {
  const requestId = newRequestId();
  res.setHeader('x-amzn-RequestId', requestId);
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const endpoint = route({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
  const { hosts } = context;
  if (!addressedToSandbox(req, hosts)) {
    req.resume();
    res.setHeader('Connection', 'close');
    const names = `${hosts.slice(0, -1).join(', ')} or ${hosts.at(-1)}`;
    return sendReply(res, endpoint.refuse(new AwsError(endpoint.accessDeniedCode, `The sandbox answers only requests addressed to ${names}.`, 403), requestId));
  }
  let request: SandboxRequest;
  try {
    request = await readRequest(req, url, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    res.setHeader('Connection', 'close');
    return sendReply(res, endpoint.refuse(new AwsError('ValidationException', `The request body is larger than ${maxBodyBytes} bytes.`, 413), requestId));
  }
  sendReply(res, await endpoint.handle(request, context, requestId));
}
