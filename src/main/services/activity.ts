// The activity list the app shows: what was sealed, opened and checked, when, and the
// outcome — one JSON line per event in SIGNET_HOME/activity.jsonl. Names and outcomes
// only: never contents, keys, credentials or tokens.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { visibleText } from '../format/names.js';

export interface ActivityEntry {
  at: string;
  action: 'sealed' | 'opened' | 'checked' | 'refused' | 'imported keys' | 'exported keys';
  summary: string;
  /** The error code when something was refused. */
  code?: string;
}

const file = (home: string): string => join(home, 'activity.jsonl');

export async function recordActivity(home: string, entry: Omit<ActivityEntry, 'at'>): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  // The summary quotes names from files and seals: kept as visible text, as the app shows it.
  await appendFile(file(home), `${JSON.stringify({ at: new Date().toISOString(), ...entry, summary: visibleText(entry.summary) })}\n`, { mode: 0o600 });
}

/** The most recent entries first. */
export async function listActivity(home: string, limit = 200): Promise<ActivityEntry[]> {
  const text = await readFile(file(home), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as ActivityEntry];
      } catch {
        return [];
      }
    })
    .slice(-limit)
    .reverse();
}
