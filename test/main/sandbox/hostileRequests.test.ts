// The sandbox against a hostile web page on the same computer: DNS rebinding (a page
// at attacker.example whose name now resolves to 127.0.0.1, so its requests carry
// that Host and Origin), cross-site "simple" requests that skip the CORS preflight
// (text/plain bodies), and forged posts to the approval page. Requests are made with
// raw node:http, the only client here that lets a test set the Host header.
import { createServer as createTcpServer } from 'node:net';
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveInBrowser, oidcClient, ssoAccessToken, ssoClient, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.remove());

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP/1.1 request with exactly the headers given (an object, or name-value pairs as in rawHeaders): no Host unless they have one. */
function raw(method: string, path: string, headers: Record<string, string> | string[], body?: string, port = sandbox.port): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const HOSTILE = { host: 'attacker.example', origin: 'http://attacker.example' };
const json = (body: object) => JSON.stringify(body);

async function auditLines(): Promise<{ requestId: string; outcome: string }[]> {
  const text = await readFile(`${sandbox.dir}/audit.jsonl`, 'utf8').catch(() => '');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { requestId: string; outcome: string });
}

/** The refusal a hostile Host gets: 403, AWS-shaped, and no successful call in the audit log. */
async function expectRefusedHost(res: RawResponse, shape: 'json' | 'query' | 'rest'): Promise<void> {
  expect(res.status).toBe(403);
  if (shape === 'json') expect(JSON.parse(res.body)).toMatchObject({ __type: 'AccessDeniedException' });
  if (shape === 'query') expect(res.body).toMatch(/<Code>AccessDenied<\/Code>/);
  if (shape === 'rest') expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  expect(res.body).toContain(`127.0.0.1:${sandbox.port}`);
  const requestId = res.headers['x-amzn-requestid'];
  expect(typeof requestId).toBe('string');
  expect((await auditLines()).filter((l) => l.requestId === requestId && l.outcome === 'ok')).toEqual([]);
}

async function registeredClient() {
  return oidcClient(sandbox).send(new RegisterClientCommand({ clientName: 'signet-test', clientType: 'public' }));
}

async function pendingDevice() {
  const client = await registeredClient();
  const device = await oidcClient(sandbox).send(
    new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: `${sandbox.url}/start` }),
  );
  const record = Object.values(sandbox.store.state.deviceAuthorizations).find((d) => d.userCode === device.userCode)!;
  return { client, device, record };
}

const approvalForm = (record: { userCode: string; formNonce: string }, person = 'alice') =>
  new URLSearchParams({ user_code: record.userCode, nonce: record.formNonce, person, decision: 'approve' }).toString();

describe('DNS rebinding: a page at attacker.example reaches the sandbox with its own Host', () => {
  it('the security review repro (register → authorise device → approve as alice → token → role credentials) is refused at its first step', async () => {
    const clientsBefore = Object.keys(sandbox.store.state.ssoClients).length;
    const register = await raw('POST', '/client/register', { ...HOSTILE, 'content-type': 'application/json' }, json({ clientName: 'evil', clientType: 'public' }));
    await expectRefusedHost(register, 'rest');
    expect(register.body).not.toContain('clientSecret');
    expect(Object.keys(sandbox.store.state.ssoClients).length).toBe(clientsBefore);
  });

  it('KMS refuses a hostile Host before looking at the signature', async () => {
    const res = await raw('POST', '/', { ...HOSTILE, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, '{}');
    await expectRefusedHost(res, 'json');
  });

  it('STS refuses a hostile Host', async () => {
    const res = await raw('POST', '/', { ...HOSTILE, 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    await expectRefusedHost(res, 'query');
  });

  it('SSO OIDC refuses a hostile Host for a registered client: no device authorisation starts, and an approved one is not redeemed', async () => {
    const client = await registeredClient();
    const devicesBefore = Object.keys(sandbox.store.state.deviceAuthorizations).length;
    const start = await raw(
      'POST',
      '/device_authorization',
      { ...HOSTILE, 'content-type': 'application/json' },
      json({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: `${sandbox.url}/start` }),
    );
    await expectRefusedHost(start, 'rest');
    expect(Object.keys(sandbox.store.state.deviceAuthorizations).length).toBe(devicesBefore);

    const { device } = await pendingDevice();
    expect((await approveInBrowser(device.verificationUriComplete!, 'alice')).status).toBe(200);
    const poll = { clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode };
    const token = await raw('POST', '/token', { ...HOSTILE, 'content-type': 'application/json' }, json(poll));
    await expectRefusedHost(token, 'rest');
    expect(token.body).not.toContain('accessToken');
  });

  it('the SSO portal refuses a hostile Host even with a valid bearer token, and issues no credentials', async () => {
    const { accessToken } = await ssoAccessToken(sandbox, 'alice');
    const keysBefore = Object.keys(sandbox.store.state.accessKeys).length;
    const { accountId, ssoRoleName } = sandbox.store.state;
    const res = await raw('GET', `/federation/credentials?account_id=${accountId}&role_name=${ssoRoleName}`, { ...HOSTILE, 'x-amz-sso_bearer_token': accessToken });
    await expectRefusedHost(res, 'rest');
    expect(Object.keys(sandbox.store.state.accessKeys).length).toBe(keysBefore);
    const out = await ssoClient(sandbox).send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName: ssoRoleName }));
    expect(out.roleCredentials?.accessKeyId).toBeTruthy();
  });

  it('the approval page refuses a hostile Host: the page (and its nonce) is not shown, and a post does not approve', async () => {
    const { record } = await pendingDevice();
    const page = await raw('GET', `/device?user_code=${record.userCode}`, HOSTILE);
    await expectRefusedHost(page, 'rest');
    expect(page.body).not.toContain(record.formNonce);
    const post = await raw('POST', '/device', { ...HOSTILE, 'content-type': 'application/x-www-form-urlencoded' }, approvalForm(record));
    await expectRefusedHost(post, 'rest');
    expect(record.status).toBe('pending');
  });

  it('refuses every Host that is not 127.0.0.1, localhost or [::1] with the sandbox\'s own port, and a missing or doubled Host', async () => {
    const port = sandbox.port;
    const hostile: (string | undefined)[] = [
      'attacker.example',
      `attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `localhost:${port + 1}`,
      '127.0.0.1',
      'localhost',
      '[::1]',
      `127.0.0.1:${port}.attacker.example`,
      `127.0.0.2:${port}`,
      '',
      undefined,
    ];
    for (const host of hostile) {
      const res = await raw('GET', '/start', host === undefined ? {} : { host });
      expect(res.status, `Host ${JSON.stringify(host)}`).toBe(403);
      expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    }
    const doubled = await raw('GET', '/start', ['Host', `127.0.0.1:${port}`, 'Host', 'attacker.example']);
    expect(doubled.status).toBe(403);
  });

  it('refuses an absolute request target naming another host, even with a good Host header', async () => {
    const res = await raw('GET', 'http://attacker.example/start', { host: `127.0.0.1:${sandbox.port}` });
    expect(res.status).toBe(403);
  });

  it('serves 127.0.0.1, localhost and [::1] with its own port', async () => {
    for (const host of [`127.0.0.1:${sandbox.port}`, `localhost:${sandbox.port}`, `LocalHost:${sandbox.port}`, `[::1]:${sandbox.port}`]) {
      const res = await raw('GET', '/start', { host });
      expect(res.status, `Host ${host}`).toBe(200);
      expect(res.body).toContain('sign-in portal');
    }
    expect((await raw('GET', '/start', ['Host', `127.0.0.1:${sandbox.port}`])).status).toBe(200);
  });
});

describe('content types: only what the AWS clients send', () => {
  it('SSO OIDC refuses a text/plain body (a cross-site form or fetch needs no preflight for it)', async () => {
    const clientsBefore = Object.keys(sandbox.store.state.ssoClients).length;
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const headers: Record<string, string> = { host: `127.0.0.1:${sandbox.port}` };
      if (contentType !== undefined) headers['content-type'] = contentType;
      const res = await raw('POST', '/client/register', headers, json({ clientName: 'evil', clientType: 'public' }));
      expect(res.status, `Content-Type ${contentType}`).toBe(400);
      expect(res.headers['x-amzn-errortype']).toBe('InvalidRequestException');
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
    }
    expect(Object.keys(sandbox.store.state.ssoClients).length).toBe(clientsBefore);
  });

  it('SSO OIDC accepts application/json with parameters and in any letter case', async () => {
    const res = await raw('POST', '/client/register', { host: `127.0.0.1:${sandbox.port}`, 'content-type': 'Application/JSON; charset=utf-8' }, json({ clientName: 'ok', clientType: 'public' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toHaveProperty('clientSecret');
  });

  it('KMS refuses a JSON 1.1 target sent with another content type', async () => {
    for (const contentType of ['text/plain', 'application/json', 'application/x-amz-json-1.0']) {
      const res = await raw('POST', '/', { host: `127.0.0.1:${sandbox.port}`, 'content-type': contentType, 'x-amz-target': 'TrentService.ListKeys' }, '{}');
      expect(res.status, `Content-Type ${contentType}`).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ __type: 'UnknownOperationException' });
    }
  });

  it('STS refuses a Query body that is not form-encoded', async () => {
    const res = await raw('POST', '/', { host: `127.0.0.1:${sandbox.port}`, 'content-type': 'text/plain' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/<Code>MissingAction<\/Code>/);
  });
});

describe('the approval page takes posts only from its own origin', () => {
  const host = () => `127.0.0.1:${sandbox.port}`;
  const form = 'application/x-www-form-urlencoded';

  it('refuses a post without Origin, with a foreign Origin, another port\'s, or "null", and the device code stays unapproved', async () => {
    const { client, device, record } = await pendingDevice();
    const origins: (string | undefined)[] = [undefined, 'http://attacker.example', `http://127.0.0.1:${sandbox.port + 1}`, `https://127.0.0.1:${sandbox.port}`, 'null'];
    for (const origin of origins) {
      const headers: Record<string, string> = { host: host(), 'content-type': form };
      if (origin !== undefined) headers.origin = origin;
      const res = await raw('POST', '/device', headers, approvalForm(record));
      expect(res.status, `Origin ${origin}`).toBe(403);
      expect(res.body).not.toContain("You're signed in");
    }
    expect(record.status).toBe('pending');
    const poll = oidcClient(sandbox).send(
      new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: DEVICE_GRANT, deviceCode: device.deviceCode! }),
    );
    await expect(poll).rejects.toMatchObject({ name: 'AuthorizationPendingException' });
  });

  it('accepts a post from its own origin under each of its names', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      const { record } = await pendingDevice();
      const res = await raw('POST', '/device', { host: `${name}:${sandbox.port}`, origin: `http://${name}:${sandbox.port}`, 'content-type': form }, approvalForm(record));
      expect(res.status, name).toBe(200);
      expect(record.status).toBe('approved');
    }
  });

  it('the approval client (demo sign-in) sends the sandbox\'s origin and is accepted', async () => {
    const { device, record } = await pendingDevice();
    const res = await approveInBrowser(device.verificationUriComplete!, 'alice');
    expect(res.status).toBe(200);
    expect(record.status).toBe('approved');
  });
});

describe('port', () => {
  it('reuses its last port when free; when that port is taken, starts on another free port and remembers it', async () => {
    const first = await startTestSandbox();
    const { dir, port: lastPort } = first;
    await first.close();
    const again = await startTestSandbox({ dir });
    expect(again.port).toBe(lastPort);
    await again.close();

    const squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(lastPort, '127.0.0.1', resolve));
    try {
      const moved = await startTestSandbox({ dir });
      try {
        expect(moved.port).not.toBe(lastPort);
        expect(moved.url).toBe(`http://127.0.0.1:${moved.port}`);
        const state = JSON.parse(await readFile(`${dir}/state.json`, 'utf8')) as { lastPort: number };
        expect(state.lastPort).toBe(moved.port);
        expect(await readFile(moved.configPath, 'utf8')).toContain(`"kms": "http://127.0.0.1:${moved.port}"`);
        const page = await raw('GET', '/start', { host: `127.0.0.1:${moved.port}` }, undefined, moved.port);
        expect(page.status).toBe(200);
      } finally {
        await moved.remove();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
