#!/usr/bin/env node
// The `signet` command. The TypeScript sources are compiled to dist/node and bundled
// into dist/cli (scripts/bundleCli.mjs) by `npm install` (the prepare script) or
// `npm run build:node`.
//
// The AWS SDK warns on every run that releases after January 2027 will need Node 22.
// Signet pins its SDK versions exactly (package.json), so the warning says nothing
// about this install; it is switched off here with the SDK's own setting.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
