#!/usr/bin/env node
// The `signet` command. The TypeScript sources are compiled to dist/node by
// `npm install` (the prepare script) or `npm run build:node`.
import { main } from '../dist/node/main/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
