// `npm run bench [-- --size 1G --runs 3]`: seals and opens generated files with Signet
// (the real CLI against the embedded sandbox) and, in the same run on the same files:
// age encrypt/decrypt, gpg sign+encrypt / decrypt+verify (compression off, local key),
// OpenSSL AES-256-CTR with a SHA-256 beside it (sha256sum, and openssl's own) as a
// stock-tools bound, and Node's in-process AES-256-GCM + SHA-256 on one thread as the
// machine's limit. Three files: the big one (--size), one of exactly one 64 KiB chunk,
// and a 1 KiB one; plus a 100 MiB file to show that memory does not grow with the size.
// Every timed command runs --runs times, the tools taking turns, after a `sync` and a
// pause so one tool's writeback does not land on the next; the table shows medians.
// Prints the table, the ratios and where the time goes for the big file and the 1 KiB
// one (SIGNET_TIMINGS), and writes all of it to bench-results.json.
//
// Signet fsyncs what it writes and the others do not, so "durable" rows add a sync of
// the output file to age for a like-for-like comparison; both are reported.
//
// `npm run bench -- --size 256M --chunk 65536,262144,1048576` measures only the payload
// chunk size instead (docs/PERFORMANCE.md, "Chunk size"): warm Signet seals and opens
// of the big file at each size (scripts/benchChild.mjs sets it, for measurement only)
// taking turns with age, and writes bench-chunk-results.json.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { size: { type: 'string', default: '1G' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' }, chunk: { type: 'string' } } });
const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const parseSize = (text: string): number => Math.round(parseFloat(text) * (units[text.slice(-1).toUpperCase()] ?? 1));
const bigSize = parseSize(values.size!);
const runs = Math.max(1, Number(values.runs));
const chunkSizes = values.chunk?.split(',').map(parseSize);
const GNU_TIME = '/usr/bin/time';
const haveGnuTime = existsSync(GNU_TIME);

for (const tool of ['age', 'age-keygen', 'gpg', 'openssl', 'sha256sum']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`The benchmark needs ${tool}: apt-get install -y age gnupg openssl coreutils time`);
    process.exit(2);
  }
}

interface Row {
  name: string;
  bytes: number;
  /** Every run, in seconds. */
  samples: number[];
  seconds: number;
  mbPerSecond: number;
  maxRssMiB?: number;
}
const rows: Row[] = [];
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Lets the previous command's dirty pages reach the disk, so they are not charged to the next. */
function settle(): void {
  spawnSync('sync');
  spawnSync('sleep', ['2']);
}

/** Runs a command once, timed; returns seconds and the peak RSS (from Signet's own report, or GNU time). */
function runOnce(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): { seconds: number; rssKiB?: number; stderr: string } {
  const wrapped = haveGnuTime ? { command: GNU_TIME, args: ['-f', 'BENCH maxRssKiB=%M', command, ...args] } : { command, args };
  const started = performance.now();
  const result = spawnSync(wrapped.command, wrapped.args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr || result.stdout}`);
  const reports = [...(result.stderr ?? '').matchAll(/BENCH maxRssKiB=(\d+)/g)].map((m) => Number(m[1]));
  // A warm run times itself, leaving out its warm-up (benchChild.mjs).
  const inProcess = /BENCH maxRssKiB=\d+ seconds=([\d.]+)/.exec(result.stderr ?? '')?.[1];
  return { seconds: inProcess ? Number(inProcess) : seconds, stderr: result.stderr ?? '', ...(reports.length ? { rssKiB: Math.max(...reports) } : {}) };
}

interface Job {
  name: string;
  bytes: number;
  /** Runs before each timed run, untimed (removing the previous output). */
  before?: () => Promise<void> | void;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Runs each job `runs` times, taking turns, and records the medians. */
async function measure(jobs: Job[]): Promise<Row[]> {
  const samples = jobs.map(() => [] as number[]);
  const rss = jobs.map(() => 0);
  for (let run = 0; run < runs; run++) {
    for (const [i, job] of jobs.entries()) {
      await job.before?.();
      settle();
      const once = runOnce(job.name, job.command, job.args, job.env ?? {});
      samples[i]!.push(once.seconds);
      rss[i] = Math.max(rss[i]!, once.rssKiB ?? 0);
    }
  }
  return jobs.map((job, i) => {
    const seconds = median(samples[i]!);
    const row: Row = { name: job.name, bytes: job.bytes, samples: samples[i]!, seconds, mbPerSecond: job.bytes / 1e6 / seconds, ...(rss[i] ? { maxRssMiB: rss[i]! / 1024 } : {}) };
    rows.push(row);
    return row;
  });
}

async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(8 << 20);
  for (let done = 0; done < bytes; done += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

// A VM that hands freed memory back to its host at once (Linux free page reporting)
// makes every page a process frees and takes again cost a fault on the host, which
// moves the figures by seconds (docs/PERFORMANCE.md); record the setting with them.
const reporting = '/sys/module/page_reporting/parameters';
const readSetting = (name: string): Promise<string | undefined> => readFile(join(reporting, name), 'utf8').then((text) => text.trim(), () => undefined);
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  freePageReporting: existsSync(reporting) ? { pageReportingOrder: await readSetting('page_reporting_order'), minFreeMs: await readSetting('min_free_ms') } : 'absent',
};
console.log(`Machine: ${machine.cores} cores, ${machine.cpu}; free page reporting: ${JSON.stringify(machine.freePageReporting)}`);

const work = await mkdtemp(join(tmpdir(), 'signet-bench-'));
const files = { big: join(work, 'big.bin'), hundred: join(work, 'hundred.bin'), chunk: join(work, 'chunk.bin'), tiny: join(work, 'tiny.bin') };
console.log(`Generating ${(bigSize / 2 ** 20).toFixed(0)} MiB of random data in ${work}; ${runs} runs of each command …`);
await generate(files.big, bigSize);
if (!chunkSizes) await generate(files.hundred, 100 * 2 ** 20);
await writeFile(files.chunk, randomBytes(64 * 1024));
await writeFile(files.tiny, randomBytes(1024));

// Signet, through the CLI, against a sandbox in its own process.
const sandboxProcess = spawn(process.execPath, [join(root, 'bin', 'signet.js'), 'sandbox', '--dir', join(work, 'sandbox'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const configPath = await new Promise<string>((resolve, reject) => {
  let out = '';
  sandboxProcess.stdout!.on('data', (d: Buffer) => {
    out += d;
    if (out.includes('\n')) resolve(out.split('\n')[0]!.split(' config ')[1]!);
  });
  sandboxProcess.once('exit', () => reject(new Error('the sandbox did not start')));
});
const signet = (args: string[]): string[] => [join(root, 'scripts', 'benchChild.mjs'), '--config', configPath, ...args];
const homeOf = (who: string): NodeJS.ProcessEnv => ({ SIGNET_HOME: join(work, `home-${who}`) });
execFileSync(process.execPath, signet(['login', '--user', 'alice']), { env: { ...process.env, ...homeOf('alice') } });
execFileSync(process.execPath, signet(['login', '--user', 'bob']), { env: { ...process.env, ...homeOf('bob') } });

const fresh = (path: string) => () => rm(path, { recursive: true, force: true });
const freshFolder = (path: string) => async () => {
  await rm(path, { recursive: true, force: true });
  await mkdir(path);
};

// age and gpg keys.
execFileSync('age-keygen', ['-o', join(work, 'age.key')], { stdio: 'ignore' });
const agePublic = execFileSync('age-keygen', ['-y', join(work, 'age.key')], { encoding: 'utf8' }).trim();
const gnupg = join(work, 'gnupg');
await mkdir(gnupg, { mode: 0o700 });
const gpgArgs = (args: string[]): string[] => ['--homedir', gnupg, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args];
execFileSync('gpg', gpgArgs(['--quick-gen-key', 'Bench <bench@example.org>', 'ed25519', 'sign', 'never']), { stdio: 'ignore' });
const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(execFileSync('gpg', gpgArgs(['--list-keys', '--with-colons', 'bench@example.org']), { encoding: 'utf8' }))![1]!;
execFileSync('gpg', gpgArgs(['--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']), { stdio: 'ignore' });

// Warm runs: a process that has already sealed (or opened) a 1 KiB file, as the desktop
// app has, times the real command alone.
await writeFile(join(work, 'warm.txt'), 'warm-up');
const warmSeal = (): NodeJS.ProcessEnv => ({ BENCH_WARMUP: JSON.stringify(['--config', configPath, 'seal', '--to', 'Legal', '--force', '-o', join(work, 'warm.signet'), join(work, 'warm.txt')]) });
execFileSync(process.execPath, signet(['seal', '--to', 'Legal', '-o', join(work, 'warm.signet'), join(work, 'warm.txt')]), { env: { ...process.env, ...homeOf('alice') } });
await mkdir(join(work, 'warm-out'));
const warmOpen = (): NodeJS.ProcessEnv => ({ BENCH_WARMUP: JSON.stringify(['--config', configPath, 'open', '--force', join(work, 'warm.signet'), '-o', join(work, 'warm-out')]) });

/** Stops the sandbox and removes the work folder (unless --keep). */
async function cleanUp(): Promise<void> {
  sandboxProcess.kill('SIGTERM');
  await new Promise((resolve) => sandboxProcess.once('exit', resolve));
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

/**
 * Warm seals and opens of the big file at each payload chunk size, taking turns with
 * age in the same runs; the machine may be shared, so the ratios to age are what to
 * compare. Each size gets its own warm-up seal, since a seal opens only at its size.
 */
async function compareChunkSizes(sizes: number[]): Promise<void> {
  const at = (size: number) => ({ BENCH_CHUNK_SIZE: String(size) });
  const out = (name: string, size: number): string => join(work, `chunk${size}-${name}`);
  const warmSealAt = (size: number): NodeJS.ProcessEnv => ({
    BENCH_WARMUP: JSON.stringify(['--config', configPath, 'seal', '--to', 'Legal', '--force', '-o', out('warm.signet', size), join(work, 'warm.txt')]),
  });
  for (const size of sizes) {
    execFileSync(process.execPath, signet(['seal', '--to', 'Legal', '-o', out('warm.signet', size), join(work, 'warm.txt')]), { env: { ...process.env, ...homeOf('alice'), ...at(size) } });
    await mkdir(out('warm-out', size));
  }
  const warmOpenAt = (size: number): NodeJS.ProcessEnv => ({ BENCH_WARMUP: JSON.stringify(['--config', configPath, 'open', '--force', out('warm.signet', size), '-o', out('warm-out', size)]) });
  const label = (size: number): string => `${size / 1024} KiB chunks`;
  const seals = await measure([
    ...sizes.map((size) => ({
      name: `Signet seal, ${values.size}, warm, ${label(size)}`,
      bytes: bigSize,
      before: fresh(out('sealed.signet', size)),
      command: process.execPath,
      args: signet(['seal', '--to', 'Legal', '-o', out('sealed.signet', size), files.big]),
      env: { ...homeOf('alice'), ...at(size), ...warmSealAt(size) },
    })),
    { name: `age encrypt, ${values.size}`, bytes: bigSize, before: fresh(join(work, 'chunk-enc.age')), command: 'age', args: ['-r', agePublic, '-o', join(work, 'chunk-enc.age'), files.big] },
  ]);
  const opens = await measure([
    ...sizes.map((size) => ({
      name: `Signet open, ${values.size}, warm, ${label(size)}`,
      bytes: bigSize,
      before: freshFolder(out('opened', size)),
      command: process.execPath,
      args: signet(['open', out('sealed.signet', size), '-o', out('opened', size)]),
      env: { ...homeOf('bob'), ...at(size), ...warmOpenAt(size) },
    })),
    { name: `age decrypt, ${values.size}`, bytes: bigSize, before: fresh(join(work, 'chunk-dec.age')), command: 'age', args: ['-d', '-i', join(work, 'age.key'), '-o', join(work, 'chunk-dec.age'), join(work, 'chunk-enc.age')] },
  ]);
  const ageEnc = seals[seals.length - 1]!;
  const ageDec = opens[opens.length - 1]!;
  const bySize = await Promise.all(
    sizes.map(async (size, i) => ({
      chunkSize: size,
      seal: seals[i]!,
      open: opens[i]!,
      sealVsAge: seals[i]!.seconds / ageEnc.seconds,
      openVsAge: opens[i]!.seconds / ageDec.seconds,
      sealedBytes: (await stat(out('sealed.signet', size))).size,
    })),
  );
  console.log(`\n${'what'.padEnd(52)} ${'median s'.padStart(9)} ${'MB/s'.padStart(7)}  runs (s)`);
  for (const r of rows) console.log(`${r.name.padEnd(52)} ${r.seconds.toFixed(3).padStart(9)} ${r.mbPerSecond.toFixed(0).padStart(7)}  ${r.samples.map((x) => x.toFixed(2)).join(' ')}`);
  console.log('');
  for (const b of bySize) console.log(`${label(b.chunkSize).padEnd(16)} Signet/age: seal ${b.sealVsAge.toFixed(2)}, open ${b.openVsAge.toFixed(2)}; sealed file ${b.sealedBytes} bytes`);
  await writeFile(join(root, 'bench-chunk-results.json'), `${JSON.stringify({ size: bigSize, runs, at: new Date().toISOString(), machine, rows, bySize }, null, 2)}\n`);
  console.log('\nWrote bench-chunk-results.json');
}

if (chunkSizes) {
  await compareChunkSizes(chunkSizes);
  await cleanUp();
  process.exit(0);
}

/** Seal and open with Signet, age (plain and durable) and gpg, for one input file. */
async function compare(label: string, input: string, bytes: number) {
  const out = (name: string): string => join(work, `${label}-${name}`);
  const [seal, warmSealRow, ageEnc, ageEncDurable, gpgEnc] = await measure([
    { name: `Signet seal, ${label}`, bytes, before: fresh(out('sealed.signet')), command: process.execPath, args: signet(['seal', '--to', 'Legal', '-o', out('sealed.signet'), input]), env: homeOf('alice') },
    { name: `Signet seal, ${label}, warm (as in the app)`, bytes, before: fresh(out('warm.signet')), command: process.execPath, args: signet(['seal', '--to', 'Legal', '-o', out('warm.signet'), input]), env: { ...homeOf('alice'), ...warmSeal() } },
    { name: `age encrypt, ${label}`, bytes, before: fresh(out('enc.age')), command: 'age', args: ['-r', agePublic, '-o', out('enc.age'), input] },
    { name: `age encrypt + sync, ${label}`, bytes, before: fresh(out('enc2.age')), command: 'sh', args: ['-c', `age -r ${agePublic} -o "${out('enc2.age')}" "${input}" && sync "${out('enc2.age')}"`] },
    { name: `gpg sign+encrypt, ${label}`, bytes, before: fresh(out('enc.gpg')), command: 'gpg', args: gpgArgs(['--compress-algo', 'none', '-r', 'bench@example.org', '-u', 'bench@example.org', '--sign', '--encrypt', '-o', out('enc.gpg'), input]) },
  ]);
  const [open, warmOpenRow, ageDec, ageDecDurable, gpgDec] = await measure([
    { name: `Signet open, ${label}`, bytes, before: freshFolder(out('opened')), command: process.execPath, args: signet(['open', out('sealed.signet'), '-o', out('opened')]), env: homeOf('bob') },
    { name: `Signet open, ${label}, warm (as in the app)`, bytes, before: freshFolder(out('warm-opened')), command: process.execPath, args: signet(['open', out('sealed.signet'), '-o', out('warm-opened')]), env: { ...homeOf('bob'), ...warmOpen() } },
    { name: `age decrypt, ${label}`, bytes, before: fresh(out('dec.age')), command: 'age', args: ['-d', '-i', join(work, 'age.key'), '-o', out('dec.age'), out('enc.age')] },
    { name: `age decrypt + sync, ${label}`, bytes, before: fresh(out('dec2.age')), command: 'sh', args: ['-c', `age -d -i "${join(work, 'age.key')}" -o "${out('dec2.age')}" "${out('enc.age')}" && sync "${out('dec2.age')}"`] },
    { name: `gpg decrypt+verify, ${label}`, bytes, before: fresh(out('dec.gpg')), command: 'gpg', args: gpgArgs(['--decrypt', '-o', out('dec.gpg'), out('enc.gpg')]) },
  ]);
  for (const name of ['sealed.signet', 'warm.signet', 'enc.age', 'enc2.age', 'enc.gpg', 'opened', 'warm-opened', 'dec.age', 'dec2.age', 'dec.gpg']) await rm(out(name), { recursive: true, force: true });
  return { seal: seal!, open: open!, warmSeal: warmSealRow!, warmOpen: warmOpenRow!, ageEnc: ageEnc!, ageDec: ageDec!, ageEncDurable: ageEncDurable!, ageDecDurable: ageDecDurable!, gpgEnc: gpgEnc!, gpgDec: gpgDec! };
}

const big = await compare(values.size!, files.big, bigSize);
const hundred = await measure([
  { name: 'Signet seal, 100M (memory)', bytes: 100 * 2 ** 20, before: fresh(join(work, 'hundred.signet')), command: process.execPath, args: signet(['seal', '--to', 'Legal', '-o', join(work, 'hundred.signet'), files.hundred]), env: homeOf('alice') },
]);
const hundredOpen = await measure([
  { name: 'Signet open, 100M (memory)', bytes: 100 * 2 ** 20, before: freshFolder(join(work, 'hundred-out')), command: process.execPath, args: signet(['open', join(work, 'hundred.signet'), '-o', join(work, 'hundred-out')]), env: homeOf('bob') },
]);
const chunk = await compare('64K', files.chunk, 64 * 1024);
const tiny = await compare('1K', files.tiny, 1024);

// A bound with stock tools: AES-256-CTR (openssl enc has no GCM) writing the output,
// and SHA-256 of the input at the same time, on the other core, as Signet does. With
// coreutils' sha256sum, as the issue names it (Debian's does not use the CPU's SHA
// instructions), and with openssl's SHA-256, which does. openssl enc reads and writes
// 8 KiB at a time unless told otherwise, which costs seconds of kernel time per GiB here.
const key = randomBytes(32).toString('hex');
const iv = randomBytes(16).toString('hex');
const encryptAndHash = (hasher: string): string =>
  `openssl enc -aes-256-ctr -bufsize 1048576 -K ${key} -iv ${iv} -in "${files.big}" -out "${join(work, 'ctr.out')}" & ${hasher} "${files.big}" > /dev/null; wait $!`;
await measure([
  { name: `openssl AES-256-CTR ‖ sha256sum, ${values.size}`, bytes: bigSize, before: fresh(join(work, 'ctr.out')), command: 'sh', args: ['-c', encryptAndHash('sha256sum')] },
  { name: `openssl AES-256-CTR ‖ openssl sha256, ${values.size}`, bytes: bigSize, before: fresh(join(work, 'ctr.out')), command: 'sh', args: ['-c', encryptAndHash('openssl dgst -sha256')] },
]);

// The machine's limit: Node's AES-256-GCM over 64 KiB chunks plus SHA-256, one thread, in memory.
function limitOnce(): number {
  const buffer = randomBytes(1 << 20);
  const started = performance.now();
  const hash = createHash('sha256');
  const aesKey = randomBytes(32);
  for (let done = 0; done < bigSize; done += buffer.length) {
    hash.update(buffer);
    for (let at = 0; at < buffer.length; at += 65536) {
      const cipher = createCipheriv('aes-256-gcm', aesKey, randomBytes(12));
      cipher.update(buffer.subarray(at, at + 65536));
      cipher.final();
    }
  }
  hash.digest();
  return (performance.now() - started) / 1000;
}
const limitSamples = Array.from({ length: runs }, limitOnce);
const limitSeconds = median(limitSamples);
rows.push({ name: `Node in-process AES-256-GCM + SHA-256 (limit), ${values.size}`, bytes: bigSize, samples: limitSamples, seconds: limitSeconds, mbPerSecond: bigSize / 1e6 / limitSeconds });

// Where the time goes, for the big file and the 1 KiB one.
const timings = (args: string[], who: string): string => {
  settle();
  return runOnce('timings', process.execPath, signet(args), { ...homeOf(who), SIGNET_TIMINGS: '1' }).stderr.replace(/\nBENCH.*\n?$/s, '').trim();
};
const breakdown = async (input: string) => {
  await rm(join(work, 'why.signet'), { force: true });
  const seal = timings(['seal', '--to', 'Legal', '-o', join(work, 'why.signet'), input], 'alice');
  await freshFolder(join(work, 'why-out'))();
  const open = timings(['open', join(work, 'why.signet'), '-o', join(work, 'why-out')], 'bob');
  await rm(join(work, 'why-out'), { recursive: true, force: true });
  return { seal, open };
};
const bigTimings = await breakdown(files.big);
const tinyTimings = await breakdown(files.tiny);
const [nodeStart] = await measure([{ name: 'node -e "" (start-up alone)', bytes: 0, command: process.execPath, args: ['-e', ''] }]);

await cleanUp();

const ratiosFor = (seal: Row, open: Row) => ({
  sealVsAge: seal.seconds / big.ageEnc.seconds,
  openVsAge: open.seconds / big.ageDec.seconds,
  sealVsAgeDurable: seal.seconds / big.ageEncDurable.seconds,
  openVsAgeDurable: open.seconds / big.ageDecDurable.seconds,
  gpgVsSeal: big.gpgEnc.seconds / seal.seconds,
  gpgVsOpen: big.gpgDec.seconds / open.seconds,
  sealShareOfLimit: limitSeconds / seal.seconds,
  openShareOfLimit: limitSeconds / open.seconds,
});
const warmRatios = ratiosFor(big.warmSeal, big.warmOpen);
const ratios = {
  ...ratiosFor(big.seal, big.open),
  memoryGrowthSealMiB: (big.seal.maxRssMiB ?? 0) - (hundred[0]!.maxRssMiB ?? 0),
  memoryGrowthOpenMiB: (big.open.maxRssMiB ?? 0) - (hundredOpen[0]!.maxRssMiB ?? 0),
};
const cell = (text: string, width: number): string => text.padStart(width);
console.log(`\n${'what'.padEnd(52)} ${cell('median s', 9)} ${cell('MB/s', 7)} ${cell('peak RSS', 9)}  runs (s)`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(52)} ${cell(r.seconds.toFixed(3), 9)} ${cell(r.bytes ? r.mbPerSecond.toFixed(0) : '', 7)} ${cell(r.maxRssMiB ? `${r.maxRssMiB.toFixed(0)} MiB` : '', 9)}  ${r.samples.map((s) => s.toFixed(2)).join(' ')}`,
  );
}
const pct = (x: number): string => `${(100 * x).toFixed(0)} %`;
const ratioLines = (r: typeof warmRatios): string => `  Signet/age: seal ${r.sealVsAge.toFixed(2)}, open ${r.openVsAge.toFixed(2)} (target ≤ 1.00); against age + sync: seal ${r.sealVsAgeDurable.toFixed(2)}, open ${r.openVsAgeDurable.toFixed(2)}
  gpg/Signet: seal ${r.gpgVsSeal.toFixed(2)}×, open ${r.gpgVsOpen.toFixed(2)}× (target ≥ 3)
  Signet's share of the in-process limit: seal ${pct(r.sealShareOfLimit)}, open ${pct(r.openShareOfLimit)} (target ≥ 70 %)`;
console.log(`
${values.size}, the signet command from a cold start:
${ratioLines(ratios)}
${values.size}, warm (a running process, as in the app):
${ratioLines(warmRatios)}
Peak RSS ${values.size} vs 100 MiB: seal ${big.seal.maxRssMiB?.toFixed(0)} vs ${hundred[0]!.maxRssMiB?.toFixed(0)} MiB, open ${big.open.maxRssMiB?.toFixed(0)} vs ${hundredOpen[0]!.maxRssMiB?.toFixed(0)} MiB (targets < 200 MiB, within 20 MiB)
64 KiB: seal ${(chunk.seal.seconds * 1000).toFixed(0)} ms, open ${(chunk.open.seconds * 1000).toFixed(0)} ms · 1 KiB: seal ${(tiny.seal.seconds * 1000).toFixed(0)} ms, open ${(tiny.open.seconds * 1000).toFixed(0)} ms (cold CLI start included; Node alone starts in ${(nodeStart!.seconds * 1000).toFixed(0)} ms)

Where the time goes (SIGNET_TIMINGS=1), ${values.size} seal:
${bigTimings.seal}
${values.size} open:
${bigTimings.open}
1 KiB seal:
${tinyTimings.seal}
1 KiB open:
${tinyTimings.open}`);
await writeFile(join(root, 'bench-results.json'), `${JSON.stringify({ size: bigSize, runs, at: new Date().toISOString(), machine, rows, ratios, warmRatios, timings: { big: bigTimings, tiny: tinyTimings } }, null, 2)}\n`);
console.log('\nWrote bench-results.json');
