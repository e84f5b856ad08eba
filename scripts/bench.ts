// `npm run bench [-- --size 1G]`: seals and opens a generated file with Signet (the
// real CLI against the embedded sandbox) and, in the same run on the same file:
// age encrypt/decrypt, gpg sign+encrypt / decrypt+verify (compression off), an OpenSSL
// AES-256-CTR + sha256sum lower bound, and Node's in-process AES-256-GCM + SHA-256 as
// the machine's limit. Prints a table with ratios and writes bench-results.json.
// Signet fsyncs what it writes and the others do not, so "durable" rows add a sync of
// the output file to the other tools for a like-for-like comparison.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { size: { type: 'string', default: '1G' }, keep: { type: 'boolean' } } });
const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const size = Math.round(parseFloat(values.size!) * (units[values.size!.slice(-1).toUpperCase()] ?? 1));

interface Row {
  name: string;
  seconds: number;
  mbPerSecond: number;
  maxRssMiB?: number;
}
const rows: Row[] = [];
const mb = (bytes: number, seconds: number) => bytes / 1e6 / seconds;

function timed(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, bytes = size): Row {
  const started = performance.now();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr || result.stdout}`);
  const rss = result.stderr?.match(/BENCH maxRssKiB=(\d+)/)?.[1];
  const row = { name, seconds, mbPerSecond: mb(bytes, seconds), ...(rss ? { maxRssMiB: Number(rss) / 1024 } : {}) };
  rows.push(row);
  return row;
}

async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(8 << 20);
  for (let done = 0; done < bytes; done += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const work = await mkdtemp(join(tmpdir(), 'signet-bench-'));
const input = join(work, 'input.bin');
console.log(`Generating ${(size / 2 ** 20).toFixed(0)} MiB of random data in ${work} …`);
await generate(input, size);

// Signet, through the CLI, against a sandbox in its own process (the timed commands
// below block this one).
const sandboxProcess = spawn(process.execPath, [join(root, 'bin', 'signet.js'), 'sandbox', '--dir', join(work, 'sandbox'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const configPath = await new Promise<string>((resolve, reject) => {
  let out = '';
  sandboxProcess.stdout!.on('data', (d: Buffer) => {
    out += d;
    const line = out.split('\n')[0]!;
    if (out.includes('\n')) resolve(line.split(' config ')[1]!);
  });
  sandboxProcess.once('exit', () => reject(new Error('the sandbox did not start')));
});
const signet = (_who: string, args: string[]) => [join(root, 'scripts', 'benchChild.mjs'), '--config', configPath, ...args];
const homeOf = (who: string) => ({ SIGNET_HOME: join(work, `home-${who}`) });
execFileSync(process.execPath, signet('alice', ['login', '--user', 'alice']), { env: { ...process.env, ...homeOf('alice') } });
execFileSync(process.execPath, signet('bob', ['login', '--user', 'bob']), { env: { ...process.env, ...homeOf('bob') } });
await mkdir(join(work, 'signet-out'));
const seal = timed('Signet seal (durable)', process.execPath, signet('alice', ['seal', '--to', 'Legal', '-o', join(work, 'input.signet'), input]), homeOf('alice'));
const open = timed('Signet open (durable)', process.execPath, signet('bob', ['open', join(work, 'input.signet'), '-o', join(work, 'signet-out')]), homeOf('bob'));
await rm(join(work, 'signet-out'), { recursive: true });

// age
execFileSync('age-keygen', ['-o', join(work, 'age.key')], { stdio: 'ignore' });
const agePublic = execFileSync('age-keygen', ['-y', join(work, 'age.key')], { encoding: 'utf8' }).trim();
const ageEnc = timed('age encrypt', 'age', ['-r', agePublic, '-o', join(work, 'input.age'), input]);
const ageDec = timed('age decrypt', 'age', ['-d', '-i', join(work, 'age.key'), '-o', join(work, 'age.out'), join(work, 'input.age')]);
const ageEncDurable = timed('age encrypt + sync', 'sh', ['-c', `age -r ${agePublic} -o "${join(work, 'input2.age')}" "${input}" && sync "${join(work, 'input2.age')}"`]);
const ageDecDurable = timed('age decrypt + sync', 'sh', ['-c', `age -d -i "${join(work, 'age.key')}" -o "${join(work, 'age2.out')}" "${join(work, 'input.age')}" && sync "${join(work, 'age2.out')}"`]);
await rm(join(work, 'age.out'));
await rm(join(work, 'age2.out'));

// GnuPG, with a local key and compression off.
const gnupg = join(work, 'gnupg');
await mkdir(gnupg, { mode: 0o700 });
const gpg = (args: string[]) => ['--homedir', gnupg, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args];
execFileSync('gpg', gpg(['--quick-gen-key', 'Bench <bench@example.org>', 'ed25519', 'sign', 'never']), { stdio: 'ignore' });
const fingerprint = execFileSync('gpg', gpg(['--list-keys', '--with-colons', 'bench@example.org']), { encoding: 'utf8' }).match(/^fpr:+([0-9A-F]+):/m)![1]!;
execFileSync('gpg', gpg(['--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']), { stdio: 'ignore' });
const gpgEnc = timed('gpg sign+encrypt', 'gpg', gpg(['--compress-algo', 'none', '-r', 'bench@example.org', '-u', 'bench@example.org', '--sign', '--encrypt', '-o', join(work, 'input.gpg'), input]));
const gpgDec = timed('gpg decrypt+verify', 'gpg', gpg(['--decrypt', '-o', join(work, 'gpg.out'), join(work, 'input.gpg')]));
await rm(join(work, 'gpg.out'));

// Lower bound with stock tools: AES-256-CTR (openssl enc has no GCM) then SHA-256.
const key = randomBytes(32).toString('hex');
const iv = randomBytes(16).toString('hex');
timed('openssl AES-256-CTR + sha256sum', 'sh', ['-c', `openssl enc -aes-256-ctr -K ${key} -iv ${iv} -in "${input}" -out "${join(work, 'ctr.out')}" && sha256sum "${input}" > /dev/null`]);
await rm(join(work, 'ctr.out'));

// The machine's limit: Node's AES-256-GCM over 64 KiB chunks plus SHA-256, in memory.
const buffer = randomBytes(1 << 20);
const started = performance.now();
const hash = createHash('sha256');
const aesKey = randomBytes(32);
for (let done = 0; done < size; done += buffer.length) {
  hash.update(buffer);
  for (let at = 0; at < buffer.length; at += 65536) {
    const cipher = createCipheriv('aes-256-gcm', aesKey, randomBytes(12));
    cipher.update(buffer.subarray(at, at + 65536));
    cipher.final();
  }
}
hash.digest();
const limitSeconds = (performance.now() - started) / 1000;
rows.push({ name: 'Node in-process AES-256-GCM + SHA-256 (limit)', seconds: limitSeconds, mbPerSecond: mb(size, limitSeconds) });

// Small files: a 1 KiB seal and open, cold CLI start included.
await writeFile(join(work, 'small.txt'), randomBytes(1024));
await mkdir(join(work, 'small-out'));
const smallSeal = timed('Signet seal 1 KiB (cold start)', process.execPath, signet('alice', ['seal', '--to', 'Legal', '-o', join(work, 'small.signet'), join(work, 'small.txt')]), homeOf('alice'), 1024);
const smallOpen = timed('Signet open 1 KiB (cold start)', process.execPath, signet('bob', ['open', join(work, 'small.signet'), '-o', join(work, 'small-out')]), homeOf('bob'), 1024);
const nodeStart = timed('node -e "" (start-up alone)', process.execPath, ['-e', ''], {}, 1024);

sandboxProcess.kill('SIGTERM');
await new Promise((resolve) => sandboxProcess.once('exit', resolve));
if (!values.keep) await rm(work, { recursive: true, force: true });

const ratios = {
  sealVsAge: seal.seconds / ageEnc.seconds,
  openVsAge: open.seconds / ageDec.seconds,
  sealVsAgeDurable: seal.seconds / ageEncDurable.seconds,
  openVsAgeDurable: open.seconds / ageDecDurable.seconds,
  gpgVsSeal: gpgEnc.seconds / seal.seconds,
  gpgVsOpen: gpgDec.seconds / open.seconds,
  sealShareOfLimit: limitSeconds / seal.seconds,
  openShareOfLimit: limitSeconds / open.seconds,
};
console.log(`\n${'what'.padEnd(48)} ${'seconds'.padStart(8)} ${'MB/s'.padStart(8)} ${'peak RSS'.padStart(9)}`);
for (const r of rows) console.log(`${r.name.padEnd(48)} ${r.seconds.toFixed(3).padStart(8)} ${r.mbPerSecond.toFixed(0).padStart(8)} ${(r.maxRssMiB ? `${r.maxRssMiB.toFixed(0)} MiB` : '').padStart(9)}`);
console.log(`
Signet/age: seal ${ratios.sealVsAge.toFixed(2)}, open ${ratios.openVsAge.toFixed(2)} (target ≤ 1.00); durable: seal ${ratios.sealVsAgeDurable.toFixed(2)}, open ${ratios.openVsAgeDurable.toFixed(2)}
gpg/Signet: seal ${ratios.gpgVsSeal.toFixed(2)}×, open ${ratios.gpgVsOpen.toFixed(2)}× (target ≥ 3)
Signet share of the in-process limit: seal ${(100 * ratios.sealShareOfLimit).toFixed(0)} %, open ${(100 * ratios.openShareOfLimit).toFixed(0)} % (target ≥ 70 %)
1 KiB: seal ${(smallSeal.seconds * 1000).toFixed(0)} ms, open ${(smallOpen.seconds * 1000).toFixed(0)} ms, of which Node start-up ${(nodeStart.seconds * 1000).toFixed(0)} ms`);
await writeFile(join(root, 'bench-results.json'), `${JSON.stringify({ size, at: new Date().toISOString(), rows, ratios }, null, 2)}\n`);
console.log('\nWrote bench-results.json');
