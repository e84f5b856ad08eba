// The window's state, as Svelte 5 runes. Everything arrives through window.signet; no
// credential or token is ever part of it.
import type { EventOf, ResponseOf } from '../../shared/ipc.js';
import type { Result } from '../../shared/ipc.js';
import { takenPath } from './outcome.js';

export type Who = ResponseOf<'identity:get'>;
export type DemoPerson = ResponseOf<'identity:demoPeople'>[number];
export type Verdict = ResponseOf<'open:run'>;
export type Sealed = ResponseOf<'seal:run'>;
export type Checked = ResponseOf<'evidence:verify'>;
export type Imported = ResponseOf<'keys:import'>;
export type View = 'main' | 'keys' | 'activity';

export type Stage =
  | { kind: 'idle' }
  | { kind: 'choose'; files: File[] }
  | { kind: 'working'; verb: 'Sealing' | 'Opening'; operationId: string; startedAt: number }
  | { kind: 'sealed'; result: Sealed }
  | { kind: 'opened'; result: Verdict }
  | { kind: 'checked'; result: Checked }
  | { kind: 'signature'; result: ResponseOf<'signature:verify'> }
  | { kind: 'imported'; result: Imported }
  | { kind: 'failed'; code: string; message: string; choices: Choice[]; question?: Question };

/** What a person can do about a failure, e.g. "Replace" or "Keep both" when the output exists. */
export interface Choice {
  label: string;
  run: () => void;
}

/** A failure put as a question the choices answer, e.g. "report.pdf.signet already exists. Replace it, or keep both?". */
export interface Question {
  text: string;
  /** The path it is about, shown under the question. */
  path: string;
}

class AppState {
  who = $state<Who | undefined>(undefined);
  people = $state<DemoPerson[]>([]);
  recipients = $state<string[]>([]);
  stage = $state<Stage>({ kind: 'idle' });
  view = $state<View>('main');
  progress = $state<EventOf<'progress'> | undefined>(undefined);
  prompt = $state<EventOf<'identity:prompt'> | undefined>(undefined);
  signingIn = $state(false);
  notice = $state<string | undefined>(undefined);
}

export const app = new AppState();

export function newOperationId(): string {
  return crypto.randomUUID();
}

/** Calls the bridge; a call that throws (it should not) becomes a failure a person sees, never a hang. */
export async function attempt<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: (error as Error)?.message ?? 'Signet hit an internal error.' } };
  }
}

/**
 * Unwraps a bridge result, turning a failure into the failed stage; `ifExists` are offered
 * when the output already exists, and `ask` turns the taken name into the question they answer.
 */
export function settle<T>(result: Result<T>, ifExists: Choice[] = [], ask?: (name: string) => string): T | undefined {
  if (result.ok) return result.value;
  const exists = result.error.code === 'OUTPUT_EXISTS' && ifExists.length > 0;
  const taken = exists && ask ? takenPath(result.error.message) : undefined;
  app.stage = {
    kind: 'failed',
    code: result.error.code,
    message: result.error.message,
    choices: exists ? ifExists : [],
    ...(taken && ask ? { question: { text: ask(taken.name), path: taken.path } } : {}),
  };
  return undefined;
}

/**
 * Seals `inputs` for `to`. When the seal's name is taken, asks "report.pdf.signet already
 * exists. Replace it, or keep both?" and retries with these same files and recipients: the
 * picker that chose them is gone by then, and its props with it.
 */
export async function sealFor(inputs: File[], to: string[], options: { overwrite?: boolean; keepBoth?: boolean } = {}): Promise<void> {
  const operationId = newOperationId();
  app.progress = undefined;
  app.stage = { kind: 'working', verb: 'Sealing', operationId, startedAt: Date.now() };
  const result = settle(
    await attempt(() => window.signet.seal(operationId, inputs, to, options)),
    [
      { label: 'Replace', run: () => void sealFor(inputs, to, { overwrite: true }) },
      { label: 'Keep both', run: () => void sealFor(inputs, to, { keepBoth: true }) },
    ],
    (name) => `${name} already exists. Replace it, or keep both?`,
  );
  if (result) app.stage = { kind: 'sealed', result };
}
