// Run as a child process (node --import tsx): seals files or opens a seal with local
// test keys and prints this process's peak RSS, so a test can check that memory does
// not grow with the file, or kill it mid-way (test/main/engine/crash.test.ts).
// Usage: rssProbe.ts seal INPUT… OUTPUT KEYDIR | rssProbe.ts open INPUT DESTINATION KEYDIR
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSealed } from '../../src/main/engine/open.js';
import { pinnedKeyWrapper } from '../../src/main/engine/recipients.js';
import { seal } from '../../src/main/engine/seal.js';
import { localSigner, localUnwrapper } from './localKeys.js';

const [mode, ...rest] = process.argv.slice(2) as [string, ...string[]];
const [output, keyDir] = rest.slice(-2) as [string, string];
const inputs = rest.slice(0, -2);
const arn = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000d1';
await mkdir(keyDir, { recursive: true });
async function persistedKey(name: string, make: () => string): Promise<string> {
  try {
    return await readFile(join(keyDir, name), 'utf8');
  } catch {
    const pem = make();
    await writeFile(join(keyDir, name), pem);
    return pem;
  }
}
const pkcs8 = (type: 'rsa' | 'ec') => () =>
  (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-521' })).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const privateKey = createPrivateKey(await persistedKey('rsa.pem', pkcs8('rsa')));
const recipient = { name: 'Probe', keyArn: arn, wrap: pinnedKeyWrapper(createPublicKey(privateKey)), privateKey };
const signer = localSigner(undefined, createPrivateKey(await persistedKey('signer.pem', pkcs8('ec'))));
const started = performance.now();
if (mode === 'seal') await seal({ inputs, output, recipients: [recipient], signer: signer.identity, sign: signer.sign });
else await openSealed({ input: inputs[0]!, destination: output, unwrap: localUnwrapper([recipient]), signerKey: signer.lookup });
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms: Math.round(performance.now() - started) }));
