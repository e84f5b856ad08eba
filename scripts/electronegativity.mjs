// Runs Electronegativity over the built app (out/: main, preload and renderer; or the
// folder given as the first argument) and
// fails on any finding of medium severity or higher that security/reviewed-findings.json
// does not list with a reason. Electronegativity itself always exits 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('uncaughtException', (error) => {
  console.log(`The Electronegativity gate failed to run: ${error?.stack ?? error}`);
  process.exit(2);
});
const electronVersion = require('electron/package.json').version;
const report = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'findings.csv');
const input = process.argv[2] ?? 'out';
// AvailableSecurityFixesGlobalCheck (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) downloads Electron's release list from GitHub,
// which these machines cannot reach; Electron's version is pinned in package.json and
// raised deliberately instead.
const run = spawnSync(
  process.execPath,
  [require.resolve('@doyensec/electronegativity/dist/index.js'), '-i', input, '-o', report, '-v', 'false', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck'],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.log(`Electronegativity did not run (exit ${run.status}, signal ${run.signal}): ${run.error?.message ?? ''}\n${run.stderr}\n${run.stdout}`);
  process.exit(2);
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      if (record.some((field) => field.trim() !== '')) records.push(record);
      (record = []), (cell = '');
    } else cell += c;
  }
  record.push(cell);
  if (record.some((field) => field.trim() !== '')) records.push(record);
  return records.slice(1).map((cells) => {
    const [check = '', severity = '', confidence = '', file = '', location = '', sample = ''] = cells.map((field) => field.trim());
    return { check, severity, confidence, file, location, sample };
  });
}

const reviewed = JSON.parse(readFileSync('security/reviewed-findings.json', 'utf8')).findings;
const findings = parseCsv(readFileSync(report, 'utf8'));
const serious = findings.filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
const open = serious.filter((f) => !reviewed.some((r) => r.check === f.check && f.sample.includes(r.sample)));
console.log(`Electronegativity ${electronVersion}: ${findings.length} findings, ${serious.length} medium or higher, ${serious.length - open.length} reviewed.`);
for (const f of open) console.log(`  ${f.severity} ${f.check} ${f.file}:${f.location}  ${f.sample}`);
process.exit(open.length === 0 ? 0 : 1);
