// Which AWS profile a profile-based configuration uses: --profile, else AWS_PROFILE,
// else the one the configuration names. Observed through the error for a profile that
// has no credentials (no AWS call is made).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseOrgConfig } from '../../../src/main/config/orgConfig.js';
import { createContext } from '../../../src/main/services/context.js';
import { EXAMPLE_CONFIG } from '../../support/exampleConfig.js';

const saved = { ...process.env };
const dirs: string[] = [];
afterEach(async () => {
  process.env = { ...saved };
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function profileUsed(options: { profile?: string } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-profile-'));
  dirs.push(dir);
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  Object.assign(process.env, { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
  const config = parseOrgConfig(JSON.stringify({ ...EXAMPLE_CONFIG, signIn: { profile: 'from-config' } }), 'test');
  const ctx = await createContext(config, dir, options);
  const error = await ctx.identity.session('sender').then(() => undefined, (e: Error) => e);
  return error?.message.match(/profile "([^"]+)"/)?.[1] ?? 'none';
}

it('uses --profile, else AWS_PROFILE, else the configuration\'s profile', async () => {
  delete process.env.AWS_PROFILE;
  expect(await profileUsed()).toBe('from-config');
  process.env.AWS_PROFILE = 'from-environment';
  expect(await profileUsed()).toBe('from-environment');
  expect(await profileUsed({ profile: 'from-flag' })).toBe('from-flag');
});
