// Runs one `signet` command in this process and reports its peak memory on stderr's
// last line, for scripts/bench.ts (Node gives no child-process rusage).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/node/main/cli/main.js');
const code = await main(process.argv.slice(2));
process.stderr.write(`\nBENCH maxRssKiB=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
