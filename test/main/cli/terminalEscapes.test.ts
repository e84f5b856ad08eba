// Strings a server sends reach the terminal as visible characters: `signet` run against
// a stand-in STS endpoint that answers with terminal escapes in a user name and in an
// error message prints them as <U+001B>, never as the raw byte, in sentences and in
// --json alike.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSignet } from '../../support/cli.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
let work: string;
let server: Server;
/** What the stand-in STS answers next: [HTTP status, XML body]; AssumeRole calls get `assumeRoleAnswer`. */
let answer: [number, string] = [500, ''];
let assumeRoleAnswer: [number, string] = [500, ''];
const requests: string[] = [];

const callerIdentity = (arn: string): string =>
  `<GetCallerIdentityResponse xmlns="${NAMESPACE}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAEXAMPLE:x</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const assumedRole = (sessionArn: string): string =>
  `<AssumeRoleResponse xmlns="${NAMESPACE}"><AssumeRoleResult><SourceIdentity>alice</SourceIdentity><AssumedRoleUser><Arn>${sessionArn}</Arn><AssumedRoleId>AROAEXAMPLE:alice</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE01</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></AssumeRoleResponse>`;
const stsError = (code: string, message: string): string =>
  `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-escapes-cli-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (d) => (body += d));
    request.on('end', () => {
      requests.push(body);
      const [status, xml] = body.includes('Action=AssumeRole') ? assumeRoleAnswer : answer;
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(join(work, 'credentials'), '[escapes]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = example-secret\n');
  await writeFile(join(work, 'aws-config'), '');
  await writeFile(
    join(work, 'signet.json'),
    JSON.stringify({
      signet: 1,
      organisation: 'Example Org',
      region: 'us-east-1',
      signIn: { profile: 'escapes' },
      roles: { sender: 'arn:aws:iam::111122223333:role/SignetSender', receiver: 'arn:aws:iam::111122223333:role/SignetReceiver' },
      signingKey: 'alias/signet-signing',
      recipients: [{ name: 'Legal', key: 'alias/signet-legal' }],
      endpoints: { sts: url, kms: url },
    }),
  );
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

const signet = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runSignet(['--config', join(work, 'signet.json'), ...args], {
    SIGNET_HOME: join(work, 'home'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'credentials'),
    AWS_CONFIG_FILE: join(work, 'aws-config'),
    AWS_PROFILE: 'escapes',
    ...env,
  });

describe('server strings on the terminal', () => {
  it('whoami shows a user name with terminal escapes from STS as <U+001B>, not the raw escape', async () => {
    answer = [200, callerIdentity('arn:aws:sts::111122223333:assumed-role/Admin/ev\x1b[2K\x07good')];
    const before = requests.length;
    const result = await signet(['whoami']);
    expect(requests.length, 'the stand-in STS was asked').toBeGreaterThan(before);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Your user name "ev<U+001B>[2K<U+0007>good" can\'t be used as an AWS session name');
    expect(result.stderr).not.toContain('\x07');
    expect(result.stderr).not.toContain('\x1b');
  });

  it('refuses a role session whose ARN from STS carries escapes, and shows it as <U+001B>', async () => {
    answer = [200, callerIdentity('arn:aws:sts::111122223333:assumed-role/Admin/alice')];
    assumeRoleAnswer = [200, assumedRole('arn:aws:sts::111122223333:assumed-role/SignetSender/alice\x1b[2K')];
    const result = await signet(['whoami'], { SIGNET_DEBUG: '1' });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('AssumeRole with a session ARN or source identity of an unexpected shape: arn:aws:sts::111122223333:assumed-role/SignetSender/alice<U+001B>[2K, alice');
    expect(result.stderr).not.toContain('\x1b');
  });

  it('an AWS error message with escapes is printed (SIGNET_DEBUG) as <U+001B>, not the raw escape', async () => {
    answer = [400, stsError('ValidationError', 'bad request\x1b]0;owned\x07 \x1b[2K')];
    const result = await signet(['whoami'], { SIGNET_DEBUG: '1' });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('ValidationError: bad request<U+001B>]0;owned<U+0007> <U+001B>[2K');
    expect(result.stderr).not.toContain('\x07');
    expect(result.stderr).not.toContain('\x1b');
  });

  it('--json carries an AWS error message with a direction-changing character as <U+202E> in the detail, and stays JSON', async () => {
    answer = [400, stsError('ValidationError', 'role \u202eevil\u2028x')];
    const result = await signet(['--json', 'whoami']);
    expect(result.code).toBe(5);
    expect(result.stdout).not.toMatch(/[\u202e\u2028]/);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: { code: 'SERVICE_ERROR', message: 'AWS did not answer as expected. Try again in a moment.', detail: 'finding out who is signed in: ValidationError: role <U+202E>evil<U+2028>x' },
    });
  });
});

describe('file strings on the terminal', () => {
  it('an unknown field of the configuration is named with its escapes as <U+001B>, not the raw escape', async () => {
    const config = JSON.parse(await readFile(join(work, 'signet.json'), 'utf8'));
    const withField = join(work, 'signet-unknown-field.json');
    await writeFile(withField, JSON.stringify({ ...config, 'colour\r\x1b[2K': 'blue' }));
    answer = [200, callerIdentity('arn:aws:sts::111122223333:assumed-role/Admin/alice')];
    const result = await runSignet(['--config', withField, 'whoami'], {
      SIGNET_HOME: join(work, 'home'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'credentials'),
      AWS_CONFIG_FILE: join(work, 'aws-config'),
      AWS_PROFILE: 'escapes',
    });
    expect(result.stderr).toContain('the field "colour<U+000D><U+001B>[2K" is not one Signet knows');
    expect(result.stderr).not.toContain('\x1b');
    expect(result.stderr).not.toContain('\r');
  });
});
