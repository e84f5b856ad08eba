// Runs Electronegativity over the built app (out/: main, preload and renderer; or the
// folder given as the first argument) and fails on any finding of medium severity or
// higher that security/reviewed-findings.json does not list with a reason.
// Electronegativity is called in-process through its runner, which returns the
// findings with their severity: its CLI always exits 0, and its CSV report is written
// by two racing asynchronous writes (header and rows) that can lose the findings.
//
// What is scanned from out/: the main process, the preload, and the renderer's HTML
// (its Content-Security-Policy). Not the renderer's JavaScript: Electronegativity's
// tree walker stops at private class members ("Unknown node type
// ClassPrivateProperty"), which Svelte 5's runtime uses. That code has no way to
// reach Electron or Node (context isolation, sandbox), and
// test/main/app/rendererBundle.test.ts checks that it holds no Node, Electron or AWS code.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
process.on('uncaughtException', (error) => {
  console.log(`The Electronegativity gate failed to run: ${error?.stack ?? error}`);
  process.exit(2);
});

const electronVersion = require('electron/package.json').version;
const setUpTranslations = require('@doyensec/electronegativity/dist/locales/i18n.js');
const runChecks = require('@doyensec/electronegativity/dist/runner.js');

function scannedCopy(out) {
  const copy = mkdtempSync(join(tmpdir(), 'signet-electronegativity-'));
  for (const part of ['main', 'preload']) if (existsSync(join(out, part))) cpSync(join(out, part), join(copy, part), { recursive: true });
  if (existsSync(join(out, 'renderer', 'index.html'))) cpSync(join(out, 'renderer', 'index.html'), join(copy, 'renderer', 'index.html'));
  return copy;
}

const target = resolve(process.argv[2] ?? 'out');
const copy = target.endsWith('/out') || target.endsWith('/out/') ? scannedCopy(target) : undefined;
await setUpTranslations();
const { issues, errors } = await runChecks(
  {
    input: copy ?? target,
    isSarif: false,
    customScan: [],
    // AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub,
    // which these machines cannot reach; Electron's version is pinned in package.json
    // and raised deliberately instead.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: false,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);
if (copy) rmSync(copy, { recursive: true, force: true });
if (errors.length > 0) {
  console.log(`Electronegativity could not read ${errors.length} file(s): ${errors.map((e) => e.file ?? e).join(', ')}`);
  process.exit(2);
}

const serious = issues.filter((issue) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(issue.severity.name));
const reviewed = JSON.parse(readFileSync('security/reviewed-findings.json', 'utf8')).findings;
const open = serious.filter((issue) => !reviewed.some((r) => r.check === issue.id && (issue.sample ?? '').includes(r.sample)));
console.log(`Electronegativity ${electronVersion}: ${issues.length} findings, ${serious.length} medium or higher, ${serious.length - open.length} reviewed.`);
for (const issue of open) console.log(`  ${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line}  ${issue.sample ?? ''}`);
process.exit(open.length === 0 ? 0 : 1);
