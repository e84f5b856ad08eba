// The activity list the app shows: what was sealed, opened and checked, when, and the
// outcome — one JSON line per event in SIGNET_HOME/activity.jsonl. Names and outcomes
// only: never contents, keys, credentials or tokens. `withActivity` records every
// action the app runs the same way; the CLI keeps no activity list.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { ActivitySchema } from '../../shared/ipc.js';
import { SignetError } from '../../shared/errors.js';
import { visibleText } from '../format/names.js';

export type ActivityEntry = z.infer<typeof ActivitySchema>;

const file = (home: string): string => join(home, 'activity.jsonl');

export async function recordActivity(home: string, entry: Omit<ActivityEntry, 'at'>): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  // The summary quotes names from files and seals: kept as visible text, as the app shows it.
  await appendFile(file(home), `${JSON.stringify({ at: new Date().toISOString(), ...entry, summary: visibleText(entry.summary) })}\n`, { mode: 0o600 });
}

/**
 * Runs `work` and records how it ended: `action` with `summary` of its result (and, for
 * an open, the id of its receipt, so the window can show the verdict again), or a
 * refusal of `subject` with the error's code (a cancel is not recorded). An entry that
 * cannot be written never changes the outcome.
 */
export async function withActivity<T>(
  home: string,
  subject: string,
  action: ActivityEntry['action'],
  work: () => Promise<T>,
  summary: (result: T) => string,
  receipt?: () => string | undefined,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof SignetError && error.code !== 'CANCELLED') await recordActivity(home, { action: 'refused', summary: subject, code: error.code }).catch(() => undefined);
    throw error;
  }
  await recordActivity(home, { action, summary: summary(result), receipt: receipt?.() }).catch(() => undefined);
  return result;
}

/** The most recent entries first; a line that is not an entry (a torn write) is skipped. */
export async function listActivity(home: string, limit = 200): Promise<ActivityEntry[]> {
  const text = await readFile(file(home), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [ActivitySchema.parse(JSON.parse(line))];
      } catch {
        return [];
      }
    })
    .slice(-limit)
    .reverse();
}
