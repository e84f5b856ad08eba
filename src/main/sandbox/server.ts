// The sandbox's HTTP endpoint on 127.0.0.1: one port serving KMS (JSON 1.1), STS
// (Query), SSO OIDC and the SSO portal (REST-JSON), the sign-in approval page, and a
// small admin API for tests (fault injection, moving the credential clock). Every
// response carries x-amzn-RequestId and every AWS call lands in the audit log. A
// request whose Host does not name the sandbox is refused before it is routed (see
// requestGuards.ts), and is not an AWS call.
// Malformed input of any kind gets an AWS-shaped error; nothing a client sends can
// crash the process.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { AuditLog } from './core/audit.js';
import { AwsError } from './core/awsError.js';
import { DEVICE_PAGE_CSP, crossOriginPost, renderDevicePage, renderStartPage, submitDeviceForm } from './identityCenter/devicePage.js';
import { DisconnectFault, FaultInjector, FaultRulesSchema, faultsFromEnvironment, type FaultRule, type ServiceName } from './core/faults.js';
import { newRequestId } from './core/ids.js';
import {
  DEFAULT_IDENTITY_CENTER_OPTIONS,
  OIDC_OPERATIONS,
  PORTAL_OPERATIONS,
  oidcErrorBody,
  type IdentityCenterCall,
  type IdentityCenterOptions,
} from './identityCenter/oidc.js';
import { KMS_OPERATIONS } from './kms/operations.js';
import { provisionDemoOrganisation, writeClientFiles } from './provision.js';
import { addressedToSandbox, fromSandboxOrigin, mediaType, sandboxHosts } from './core/requestGuards.js';
import { authenticate } from './core/sigv4.js';
import { SandboxStore } from './core/state.js';
import { STS_MUTATING, STS_OPERATIONS, stsError, stsResponse } from './sts/operations.js';

export interface SandboxOptions {
  dir: string;
  /** 0 picks any free port; by default the previous port is reused when free. */
  port?: number;
  region?: string;
  identityCenter?: Partial<IdentityCenterOptions>;
  faults?: FaultRule[];
  maxBodyBytes?: number;
}

export interface RunningSandbox {
  url: string;
  port: number;
  dir: string;
  configPath: string;
  /** Sent as x-signet-sandbox-admin to use the admin API; also in DIR/admin-token. */
  adminToken: string;
  store: SandboxStore;
  faults: FaultInjector;
  close(): Promise<void>;
}

export const ADMIN_HEADER = 'x-signet-sandbox-admin';
export const ADMIN_TOKEN_FILE = 'admin-token';
const DEFAULT_MAX_BODY = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

type Protocol = 'json' | 'query' | 'rest';

function send(res: ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendError(res: ServerResponse, protocol: Protocol, service: ServiceName | undefined, error: AwsError, requestId: string): void {
  if (protocol === 'query') {
    send(res, error.status, 'text/xml', stsError(error, requestId));
  } else if (protocol === 'json') {
    send(res, error.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: error.code, message: error.message }));
  } else {
    const body = service === 'oidc' ? oidcErrorBody(error) : { message: error.message };
    send(res, error.status, 'application/json', JSON.stringify(body), { 'x-amzn-ErrorType': error.code });
  }
}

/** Removes credentials, device codes and tokens that can no longer be used. */
function pruneExpired(store: SandboxStore): void {
  const graceMs = 24 * 3600 * 1000;
  const now = store.now();
  const s = store.state;
  for (const [id, key] of Object.entries(s.accessKeys)) if (key.expiresAt !== undefined && key.expiresAt + graceMs < now) delete s.accessKeys[id];
  for (const [id, d] of Object.entries(s.deviceAuthorizations)) if (d.expiresAt + graceMs < now) delete s.deviceAuthorizations[id];
  for (const [id, t] of Object.entries(s.ssoTokens)) if (t.refreshExpiresAt < now || (t.revoked && t.expiresAt + graceMs < now)) delete s.ssoTokens[id];
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { dir } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const store = (await SandboxStore.load(dir)) ?? (await provisionDemoOrganisation(dir, options.region ?? 'us-east-1'));
  pruneExpired(store);
  await store.commit();
  const identityCenter: IdentityCenterOptions = { ...DEFAULT_IDENTITY_CENTER_OPTIONS, ...options.identityCenter };
  const faults = new FaultInjector();
  faults.set(options.faults ?? faultsFromEnvironment(process.env));
  const audit = new AuditLog(dir);
  const adminToken = randomBytes(24).toString('hex');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let baseUrl = '';
  // Filled in once the server listens; until then no Host is accepted.
  let hosts: string[] = [];

  // Written before the response goes out: a call that was answered is in the log.
  const record = (requestId: string, service: string, operation: string, outcome: string, who: { principal?: string; sourceIdentity?: string; resource?: string }): Promise<void> =>
    audit.append({ time: new Date().toISOString(), requestId, service, operation, ...who, outcome });

  async function handleKms(req: IncomingMessage, res: ServerResponse, body: Buffer, requestId: string, url: URL): Promise<void> {
    const target = headerValue(req, 'x-amz-target') ?? '';
    const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : target;
    const who: { principal?: string; sourceIdentity?: string; resource?: string } = {};
    try {
      const handler = Object.hasOwn(KMS_OPERATIONS, operation) ? KMS_OPERATIONS[operation] : undefined;
      if (!target.startsWith('TrentService.') || !handler) throw new AwsError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}.`);
      // Like AWS JSON services, KMS picks the protocol by content type: any other is not a KMS operation.
      if (mediaType(req) !== 'application/x-amz-json-1.1') throw new AwsError('UnknownOperationException', `${operation} takes Content-Type application/x-amz-json-1.1.`);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON.');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError('SerializationException', 'The request body must be a JSON object.');
      await faults.apply('kms', operation);
      const caller = await authenticate(store, 'kms', { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body });
      who.principal = caller.arn;
      if (caller.sourceIdentity) who.sourceIdentity = caller.sourceIdentity;
      const call = { store, caller, audit: {} as { key?: string } };
      try {
        const output = await handler(input as Record<string, unknown>, call);
        await record(requestId, 'kms', operation, 'ok', { ...who, ...(call.audit.key ? { resource: call.audit.key } : {}) });
        send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(output));
      } finally {
        if (call.audit.key) who.resource = call.audit.key;
      }
    } catch (error) {
      if (error instanceof DisconnectFault) throw error;
      const e = error instanceof AwsError ? error : internal(error, 'KMSInternalException');
      await record(requestId, 'kms', operation || 'unknown', e.code, who);
      sendError(res, 'json', 'kms', e, requestId);
    }
  }

  async function handleSts(req: IncomingMessage, res: ServerResponse, body: Buffer, requestId: string, url: URL): Promise<void> {
    const formEncoded = mediaType(req) === 'application/x-www-form-urlencoded';
    const params = new URLSearchParams(formEncoded ? body.toString('utf8') : '');
    const operation = params.get('Action') ?? '';
    const who: { principal?: string; sourceIdentity?: string; resource?: string } = {};
    try {
      if (!formEncoded) throw new AwsError('MissingAction', 'STS takes a form-encoded body (Content-Type application/x-www-form-urlencoded) naming the Action.');
      const handler = Object.hasOwn(STS_OPERATIONS, operation) ? STS_OPERATIONS[operation] : undefined;
      if (!handler) throw new AwsError('InvalidAction', `Could not find operation ${operation || '(no Action)'} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
      if (params.get('Version') !== '2011-06-15') throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
      await faults.apply('sts', operation);
      const caller = await authenticate(store, 'sts', { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body });
      who.principal = caller.arn;
      if (caller.sourceIdentity) who.sourceIdentity = caller.sourceIdentity;
      const call = { store, caller, params, audit: {} as { key?: string } };
      try {
        const result = handler(call);
        if (STS_MUTATING.has(operation)) await store.commit();
        await record(requestId, 'sts', operation, 'ok', { ...who, ...(call.audit.key ? { resource: call.audit.key } : {}) });
        send(res, 200, 'text/xml', stsResponse(operation, result, requestId));
      } finally {
        if (call.audit.key) who.resource = call.audit.key;
      }
    } catch (error) {
      if (error instanceof DisconnectFault) throw error;
      const e = error instanceof AwsError ? error : internal(error, 'InternalFailure');
      await record(requestId, 'sts', operation || 'unknown', e.code, who);
      sendError(res, 'query', 'sts', e, requestId);
    }
  }

  async function handleIdentityCenter(
    service: 'oidc' | 'sso',
    operation: string,
    res: ServerResponse,
    requestId: string,
    run: (call: IdentityCenterCall) => Promise<object>,
  ): Promise<void> {
    const call: IdentityCenterCall = { store, options: identityCenter, baseUrl, audit: {} };
    try {
      await faults.apply(service, operation);
      const output = await run(call);
      await record(requestId, service, operation, 'ok', call.audit.principal ? { principal: call.audit.principal } : {});
      send(res, 200, 'application/json', JSON.stringify(output));
    } catch (error) {
      if (error instanceof DisconnectFault) throw error;
      const e = error instanceof AwsError ? error : internal(error, 'InternalServerException');
      await record(requestId, service, operation, e.code, call.audit.principal ? { principal: call.audit.principal } : {});
      sendError(res, 'rest', service, e, requestId);
    }
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL): Promise<void> {
    if (headerValue(req, ADMIN_HEADER) !== adminToken) {
      send(res, 403, 'application/json', JSON.stringify({ message: `The admin API needs the ${ADMIN_HEADER} header from ${dir}/${ADMIN_TOKEN_FILE}.` }));
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    let input: unknown = {};
    try {
      if (body.length) input = JSON.parse(body.toString('utf8'));
    } catch {
      send(res, 400, 'application/json', JSON.stringify({ message: 'The body is not valid JSON.' }));
      return;
    }
    if (route === 'GET /_sandbox/faults') {
      send(res, 200, 'application/json', JSON.stringify({ rules: faults.list() }));
    } else if (route === 'PUT /_sandbox/faults') {
      const parsed = FaultRulesSchema.safeParse((input as { rules?: unknown }).rules);
      if (!parsed.success) {
        send(res, 400, 'application/json', JSON.stringify({ message: `Not a list of fault rules: ${parsed.error.message}` }));
        return;
      }
      faults.set(parsed.data);
      send(res, 200, 'application/json', JSON.stringify({ rules: faults.list() }));
    } else if (route === 'POST /_sandbox/clock') {
      const seconds = (input as { advanceSeconds?: unknown }).advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        send(res, 400, 'application/json', JSON.stringify({ message: 'advanceSeconds must be a non-negative number.' }));
        return;
      }
      store.state.clockOffsetMs += seconds * 1000;
      await store.commit();
      send(res, 200, 'application/json', JSON.stringify({ clockOffsetSeconds: store.state.clockOffsetMs / 1000 }));
    } else {
      send(res, 404, 'application/json', JSON.stringify({ message: `No admin route ${route}.` }));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader('x-amzn-RequestId', requestId);
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const target = headerValue(req, 'x-amz-target');
    const contentType = headerValue(req, 'content-type') ?? '';
    const protocol: Protocol = target !== undefined ? 'json' : req.method === 'POST' && url.pathname === '/' ? 'query' : 'rest';
    if (!addressedToSandbox(req, hosts)) {
      req.resume();
      res.setHeader('Connection', 'close');
      const names = `${hosts.slice(0, -1).join(', ')} or ${hosts.at(-1)}`;
      const refusal = new AwsError(protocol === 'query' ? 'AccessDenied' : 'AccessDeniedException', `The sandbox answers only requests addressed to ${names}.`, 403);
      return sendError(res, protocol, undefined, refusal, requestId);
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        sendError(res, protocol, undefined, new AwsError('ValidationException', `The request body is larger than ${maxBody} bytes.`, 413), requestId);
        return;
      }
      throw error;
    }
    const route = `${req.method} ${url.pathname}`;
    if (url.pathname.startsWith('/_sandbox/')) return handleAdmin(req, res, body, url);
    if (target !== undefined || (req.method === 'POST' && contentType.startsWith('application/x-amz-json'))) return handleKms(req, res, body, requestId, url);
    if (protocol === 'query') return handleSts(req, res, body, requestId, url);

    const oidc: Record<string, string> = { '/client/register': 'RegisterClient', '/device_authorization': 'StartDeviceAuthorization', '/token': 'CreateToken' };
    const oidcOperation = req.method === 'POST' ? oidc[url.pathname] : undefined;
    if (oidcOperation) {
      return handleIdentityCenter('oidc', oidcOperation, res, requestId, async (call) => {
        if (mediaType(req) !== 'application/json') throw new AwsError('InvalidRequestException', `${oidcOperation} takes a JSON body (Content-Type application/json).`);
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          throw new AwsError('InvalidRequestException', 'The request body is not valid JSON.');
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError('InvalidRequestException', 'The request body must be a JSON object.');
        return OIDC_OPERATIONS[oidcOperation]!(input as Record<string, unknown>, call);
      });
    }
    const portal = Object.hasOwn(PORTAL_OPERATIONS, route) ? PORTAL_OPERATIONS[route] : undefined;
    if (portal) {
      const names: Record<string, string> = {
        'GET /federation/credentials': 'GetRoleCredentials',
        'GET /assignment/accounts': 'ListAccounts',
        'GET /assignment/roles': 'ListAccountRoles',
        'POST /logout': 'Logout',
      };
      const bearer = headerValue(req, 'x-amz-sso_bearer_token');
      return handleIdentityCenter('sso', names[route]!, res, requestId, (call) => portal({ method: req.method!, path: url.pathname, query: url.searchParams, bearer }, call));
    }
    const html = { 'Content-Security-Policy': DEVICE_PAGE_CSP, 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' };
    if (route === 'GET /device') return send(res, 200, 'text/html; charset=utf-8', renderDevicePage(store, url.searchParams.get('user_code')), html);
    if (route === 'POST /device') {
      const result = fromSandboxOrigin(req, hosts) ? await submitDeviceForm(store, new URLSearchParams(body.toString('utf8'))) : crossOriginPost();
      return send(res, result.status, 'text/html; charset=utf-8', result.html, html);
    }
    if (route === 'GET /start' || route === 'GET /') return send(res, 200, 'text/html; charset=utf-8', renderStartPage(store), html);
    sendError(res, 'rest', undefined, new AwsError('UnknownOperationException', `The sandbox has nothing at ${route}.`, 404), requestId);
  }

  // A request without Host reaches `handle`, which refuses it in the protocol's shape.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof DisconnectFault) {
        req.socket.destroy();
        return;
      }
      process.stderr.write(`signet sandbox: internal error: ${(error as Error).message}\n`);
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ message: 'Internal error in the sandbox.' }));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const previous = store.state.lastPort;
  if (options.port === undefined && previous !== undefined) {
    await listen(previous).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      return listen(0);
    });
  } else await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  store.state.lastPort = port;
  hosts = sandboxHosts(port);
  await store.commit();
  baseUrl = `http://127.0.0.1:${port}`;
  const { configPath } = await writeClientFiles(store, baseUrl);
  await writeFileAtomic(`${dir}/${ADMIN_TOKEN_FILE}`, adminToken);

  return {
    url: baseUrl,
    port,
    dir,
    configPath,
    adminToken,
    store,
    faults,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.commit();
      await audit.flush();
    },
  };
}

function internal(error: unknown, code: string): AwsError {
  process.stderr.write(`signet sandbox: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return new AwsError(code, 'The sandbox had an internal error.', 500);
}
