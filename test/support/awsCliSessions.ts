// The AWS CLI v2 against a running sandbox, as its administrator (the profile the
// sandbox writes in aws/config and aws/credentials) or in a session `aws sts
// assume-role` returned: `aws` gives the text output, `refusal` the error output of a
// call that must fail.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningSandbox } from '../../src/main/sandbox/server.js';
import { awsCliV2 } from './awsCli.js';

const run = promisify(execFile);

/** The Credentials element of `aws sts assume-role`. */
export interface CliSession {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

export interface SandboxCli {
  aws(session: CliSession | undefined, ...args: string[]): Promise<string>;
  refusal(session: CliSession | undefined, ...args: string[]): Promise<string>;
}

export function sandboxCli(sandbox: RunningSandbox): SandboxCli {
  const environment = (session: CliSession | undefined): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: sandbox.dir };
    if (session === undefined) {
      return { ...env, AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'), AWS_PROFILE: 'signet-admin' };
    }
    return {
      ...env,
      AWS_CONFIG_FILE: join(sandbox.dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'no-credentials'),
      AWS_DEFAULT_REGION: sandbox.store.state.region,
      AWS_ACCESS_KEY_ID: session.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: session.SecretAccessKey,
      AWS_SESSION_TOKEN: session.SessionToken,
    };
  };
  const aws = async (session: CliSession | undefined, ...args: string[]): Promise<string> => {
    const { stdout } = await run(awsCliV2(), ['--endpoint-url', sandbox.url, '--output', 'text', ...args], { env: environment(session) });
    return stdout.trim();
  };
  return {
    aws,
    async refusal(session, ...args) {
      try {
        await aws(session, ...args);
      } catch (error) {
        return String((error as { stderr?: string }).stderr);
      }
      throw new Error(`aws ${args.join(' ')} succeeded`);
    },
  };
}
