// The window's state, as Svelte 5 runes. Everything arrives through window.signet; no
// credential or token is ever part of it.
import type { EventOf, ResponseOf } from '../../shared/ipc.js';
import type { Result } from '../../shared/ipc.js';
import { t } from './i18n/index.js';
import { nowUtc, takenPath, type During } from './outcome.js';

export type Who = ResponseOf<'identity:get'>;
export type DemoPerson = ResponseOf<'identity:demoPeople'>[number];
export type Verdict = ResponseOf<'open:run'>;
export type Sealed = ResponseOf<'seal:run'>;
export type Checked = ResponseOf<'evidence:verify'>;
export type Imported = ResponseOf<'trust:import'>;
export type View = 'main' | 'trust' | 'activity' | 'help';

export type Stage =
  | { kind: 'idle' }
  | { kind: 'choose'; files: SealInput[] }
  /** `verb` says what is under way; its words are the catalogue's (t.sealing, t.opening). */
  | { kind: 'working'; verb: 'Sealing' | 'Opening'; operationId: string; startedAt: number }
  | { kind: 'sealed'; result: Sealed }
  | { kind: 'opened'; result: Verdict }
  /** An evidence folder checked; `folder` is what was dropped, for checking it again with its documents. */
  | { kind: 'checked'; result: Checked; folder: File }
  | { kind: 'signature'; result: ResponseOf<'signature:verify'> }
  /** A seal checked without signing in, from the signature this computer kept when it opened it. */
  | { kind: 'kept'; result: ResponseOf<'seal:checkKept'> }
  | { kind: 'imported'; result: Imported }
  /** `windowsOwn`: the message is the window's own words (in its language), not main's (in English). */
  | { kind: 'failed'; code: string; message: string; choices: Choice[]; question?: Question; during?: During; failure?: FailureFacts; windowsOwn?: boolean };

/** What a failure card lists under Details and copies for IT (outcome.ts, detailsForIt). */
export interface FailureFacts {
  /** The file or folder it was about, by name. */
  file?: string;
  /** The technical cause main gave (a key's fingerprints when it changed). */
  detail?: string;
  /** When it failed, ISO 8601 UTC. */
  at: string;
}

/** A file to seal: one a person dropped or chose, or one main announced ("Seal with Signet" in the file manager). */
export type SealInput = File | { path: string; name: string; size: number };

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
  /** An action found the sign-in expired: the header stops saying until when it lasts. */
  expired = $state(false);
  /** What to carry on with once the person has signed in again (the same seal or open). */
  resume = $state<(() => void) | undefined>(undefined);
  /** The files the current action is about, by name: a failure card names them. */
  subject = $state<string | undefined>(undefined);
  /** Why the window could not tell who is signed in when it started, shown on the sign-in screen. */
  signInNote = $state<string | undefined>(undefined);
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
    return { ok: false, error: { code: 'INTERNAL', message: (error as Error)?.message ?? t.internalError } };
  }
}

/** Shows the sign-in screen; once signed in, `again` (if any) carries on with what the person was doing. */
export function signInAgain(again?: () => void): void {
  app.resume = again;
  app.view = 'main';
  app.stage = { kind: 'idle' };
  if (app.who) app.who = { signedIn: false, organisation: app.who.organisation, demo: app.who.demo, offline: app.who.offline };
}

/** After signing in: the sign-in is fresh again, and what waited for it carries on. */
export function signedIn(): void {
  app.expired = false;
  app.signInNote = undefined;
  const resume = app.resume;
  app.resume = undefined;
  resume?.();
}

/**
 * Unwraps a bridge result, turning a failure into the failed stage; `ifExists` are offered
 * when the output already exists, and `ask` turns the taken name into the question they
 * answer. When the sign-in has expired (or is missing), the card offers "Sign in again",
 * and `again` repeats the action once signed in.
 */
export function settle<T>(result: Result<T>, ifExists: Choice[] = [], again?: () => void, ask?: (name: string) => string): T | undefined {
  if (result.ok) return result.value;
  const { code, message, detail } = result.error;
  const signIn = code === 'SESSION_EXPIRED' || code === 'NOT_SIGNED_IN';
  if (signIn) app.expired = true;
  const exists = code === 'OUTPUT_EXISTS' && ifExists.length > 0;
  const taken = exists && ask ? takenPath(message) : undefined;
  // The stage being replaced says what failed: a seal or an open in progress.
  const during = app.stage.kind === 'working' ? app.stage.verb : undefined;
  const choices = exists ? ifExists : signIn ? [{ label: t.signInAgain, run: () => signInAgain(again) }] : [];
  const failure = { file: app.subject, detail, at: nowUtc() };
  app.stage = { kind: 'failed', code, message, choices, question: taken && ask ? { text: ask(taken.name), path: taken.path } : undefined, during, failure };
  return undefined;
}

/** Checks the evidence folder `folder` again, now also the documents in the folder `documents` stands for (dropped, or chosen in a folder picker). */
export async function checkDocuments(folder: File, documents: File): Promise<void> {
  const result = settle(await attempt(() => window.signet.checkEvidence(folder, documents)));
  if (result) app.stage = { kind: 'checked', result, folder };
}

/** Seals dropped files through the preload, which knows their paths, or announced files by the paths main announced. */
function sealCall(operationId: string, inputs: SealInput[], to: string[], options: { overwrite?: boolean; keepBoth?: boolean }) {
  const dropped = inputs.filter((input) => input instanceof File);
  const announced = inputs.flatMap((input) => (input instanceof File ? [] : [input.path]));
  return announced.length === 0 ? window.signet.seal(operationId, dropped, to, options) : window.signet.sealAnnounced(operationId, announced, to, options);
}

/**
 * Seals `inputs` for `to`. When the seal's name is taken, asks "report.pdf.signet already
 * exists. Replace it, or keep both?" and retries with these same files and recipients: the
 * picker that chose them is gone by then, and its props with it.
 */
export async function sealFor(inputs: SealInput[], to: string[], options: { overwrite?: boolean; keepBoth?: boolean } = {}): Promise<void> {
  const operationId = newOperationId();
  app.progress = undefined;
  app.stage = { kind: 'working', verb: 'Sealing', operationId, startedAt: Date.now() };
  const result = settle(
    await attempt(() => sealCall(operationId, inputs, to, options)),
    [
      { label: t.replace, run: () => void sealFor(inputs, to, { overwrite: true }) },
      { label: t.keepBoth, run: () => void sealFor(inputs, to, { keepBoth: true }) },
    ],
    () => void sealFor(inputs, to, options),
    t.alreadyExists,
  );
  if (result) app.stage = { kind: 'sealed', result };
}
