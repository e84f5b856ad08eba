// Runs one `signet` command in this process and reports its peak memory on stderr's
// last line, for scripts/bench.ts (Node gives no child-process rusage).
//
// With BENCH_WARMUP set (a JSON array of arguments), it first runs that command, then
// times the real one alone and reports it as `BENCH seconds=…`: the cost of a seal or
// an open in a process that is already running and signed in, as in the desktop app,
// without Node's start, module loading and the first sign-in.
//
// With BENCH_CHUNK_SIZE set (bytes), it runs the unbundled CLI (dist/node) and sets
// every format version's payload chunk size to that, so `npm run bench -- --chunk`
// can compare chunk sizes. Such seals open only in a process with the same setting:
// this is for measurement only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const chunkSize = process.env.BENCH_CHUNK_SIZE ? Number(process.env.BENCH_CHUNK_SIZE) : undefined;
if (chunkSize !== undefined) {
  const { PAYLOAD_CHUNK_SIZE } = await import('../dist/node/main/format/constants.js');
  for (const version of Object.keys(PAYLOAD_CHUNK_SIZE)) PAYLOAD_CHUNK_SIZE[version] = chunkSize;
}
const { main } = await import(chunkSize === undefined ? '../dist/cli/main.js' : '../dist/node/main/cli/main.js');
const quiet = { write: () => true };
if (process.env.BENCH_WARMUP) {
  const warmup = await main(JSON.parse(process.env.BENCH_WARMUP), quiet, process.stderr);
  if (warmup !== 0) process.exit(warmup);
}
const started = performance.now();
const code = await main(process.argv.slice(2));
const seconds = (performance.now() - started) / 1000;
process.stderr.write(`\nBENCH maxRssKiB=${process.resourceUsage().maxRSS}${process.env.BENCH_WARMUP ? ` seconds=${seconds}` : ''}\n`);
process.exitCode = code;
