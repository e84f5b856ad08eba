// The window's state, as Svelte 5 runes. Everything arrives through window.signet; no
// credential or token is ever part of it.
import type { EventOf, ResponseOf } from '../../shared/ipc.js';
import type { Result } from '../../shared/ipc.js';

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
  | { kind: 'failed'; code: string; message: string; choices: Choice[] };

/** What a person can do about a failure, e.g. "Replace" or "Keep both" when the output exists. */
export interface Choice {
  label: string;
  run: () => void;
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

/** Unwraps a bridge result, turning a failure into the failed stage; `ifExists` are offered when the output already exists. */
export function settle<T>(result: Result<T>, ifExists: Choice[] = []): T | undefined {
  if (result.ok) return result.value;
  app.stage = { kind: 'failed', code: result.error.code, message: result.error.message, choices: result.error.code === 'OUTPUT_EXISTS' ? ifExists : [] };
  return undefined;
}
