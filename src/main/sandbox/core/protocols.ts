// The three AWS wire protocols the sandbox speaks, each as a codec: which operation a
// request names, its input once the request is checked against the protocol, and the
// bytes of a result or an error. AWS JSON 1.1 (KMS) names the operation in
// X-Amz-Target; the Query protocol (STS) in the form's Action, answering in XML;
// REST-JSON (SSO OIDC, the SSO portal) by method and path.
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './awsError.js';
import { headerValue, type Reply, type SandboxRequest } from './http.js';
import { escapeMarkup } from './markup.js';

export interface Protocol<Input, Output> {
  /** The code an access refusal has in this protocol. */
  accessDeniedCode: string;
  /** The operation the request names, as the audit log shows it; '' when it names none. */
  operationName(request: SandboxRequest): string;
  /** Checks the request's shape for this protocol and returns the operation's input; throws AwsError. */
  decode(request: SandboxRequest, operation: string, known: boolean): Input;
  result(operation: string, output: Output, requestId: string): Reply;
  error(error: AwsError, requestId: string): Reply;
}

function jsonObject(body: Buffer, code: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError(code, 'The request body is not valid JSON.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError(code, 'The request body must be a JSON object.');
  return input as Record<string, unknown>;
}

/** An error as the sandbox's own pages and the admin API answer it: REST-style, code in x-amzn-ErrorType. */
export const plainRestError = (error: AwsError): Reply => ({
  status: error.status,
  contentType: 'application/json',
  body: JSON.stringify({ message: error.message }),
  headers: { 'x-amzn-ErrorType': error.code },
});

// ---- AWS JSON 1.1 ----------------------------------------------------------------------

/** AWS JSON 1.1 with operations named `${targetPrefix}.Operation` in X-Amz-Target. */
export function awsJson11(targetPrefix: string): Protocol<Record<string, unknown>, object> {
  const target = (request: SandboxRequest): string => headerValue(request.headers, 'x-amz-target') ?? '';
  return {
    accessDeniedCode: 'AccessDeniedException',
    operationName(request) {
      const t = target(request);
      return t.startsWith(`${targetPrefix}.`) ? t.slice(targetPrefix.length + 1) : t;
    },
    decode(request, operation, known) {
      const t = target(request);
      if (!t.startsWith(`${targetPrefix}.`) || !known) throw new AwsError('UnknownOperationException', `Unknown operation ${t || '(no X-Amz-Target)'}.`);
      // Like AWS JSON services, the content type picks the protocol: any other is not one of these operations.
      if (request.mediaType !== 'application/x-amz-json-1.1') throw new AwsError('UnknownOperationException', `${operation} takes Content-Type application/x-amz-json-1.1.`);
      return jsonObject(request.body, 'SerializationException');
    },
    result: (_operation, output) => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(output) }),
    error: (error) => ({ status: error.status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: error.code, message: error.message }) }),
  };
}

// ---- Query (form in, XML out) ------------------------------------------------------------

function queryErrorDocument(namespace: string, error: AwsError, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.fault}</Type><Code>${escapeMarkup(error.code)}</Code><Message>${escapeMarkup(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** The Query protocol: a form naming Action and Version; each operation returns its `<…Result>` element. */
export function awsQuery(version: string, namespace: string): Protocol<URLSearchParams, string> {
  const form = (request: SandboxRequest): URLSearchParams | undefined =>
    request.mediaType === 'application/x-www-form-urlencoded' ? new URLSearchParams(request.body.toString('utf8')) : undefined;
  return {
    accessDeniedCode: 'AccessDenied',
    operationName: (request) => form(request)?.get('Action') ?? '',
    decode(request, operation, known) {
      const params = form(request);
      if (!params) throw new AwsError('MissingAction', 'This service takes a form-encoded body (Content-Type application/x-www-form-urlencoded) naming the Action.');
      const given = params.get('Version') ?? 'NO_VERSION_SPECIFIED';
      if (!known) throw new AwsError('InvalidAction', `Could not find operation ${operation || '(no Action)'} for version ${given}`);
      if (given !== version) throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${given}`);
      return params;
    },
    result: (operation, output, requestId) => ({
      status: 200,
      contentType: 'text/xml',
      body: `<${operation}Response xmlns="${namespace}">${output}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
    }),
    error: (error, requestId) => ({ status: error.status, contentType: 'text/xml', body: queryErrorDocument(namespace, error, requestId) }),
  };
}

// ---- REST-JSON ---------------------------------------------------------------------------

/** A REST-JSON operation's input: the JSON body (an empty object for GET), the query and the headers. */
export interface RestInput {
  body: Record<string, unknown>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface RestJsonOptions {
  /** "METHOD /path" → operation name. */
  routes: Record<string, string>;
  /** Operations that take a JSON body (Content-Type application/json). */
  jsonBody: boolean;
  /** The error body; by default `{ message }`. The error code always goes in x-amzn-ErrorType. */
  errorBody?: (error: AwsError) => object;
}

export const restRoute = (request: Pick<SandboxRequest, 'method' | 'path'>): string => `${request.method} ${request.path}`;

export function restJson({ routes, jsonBody, errorBody }: RestJsonOptions): Protocol<RestInput, object> {
  return {
    accessDeniedCode: 'AccessDeniedException',
    operationName: (request) => (Object.hasOwn(routes, restRoute(request)) ? routes[restRoute(request)]! : ''),
    decode(request, operation) {
      if (!jsonBody) return { body: {}, query: request.query, headers: request.headers };
      if (request.mediaType !== 'application/json') throw new AwsError('InvalidRequestException', `${operation} takes a JSON body (Content-Type application/json).`);
      return { body: jsonObject(request.body, 'InvalidRequestException'), query: request.query, headers: request.headers };
    },
    result: (_operation, output) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(output) }),
    error: (error) => (errorBody ? { ...plainRestError(error), body: JSON.stringify(errorBody(error)) } : plainRestError(error)),
  };
}
