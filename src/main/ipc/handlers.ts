// What each IPC channel does: a table from channel to use case, in plain Node. The
// Electron main registers exactly these (src/main/app/ipcRegistration.ts), and the
// browser tests route the renderer's bridge to them. Every request is validated
// against the shared contract first; every failure comes back as { code, message,
// detail } — never a stack, a credential or a token.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CONTRACT, type Channel, type EventName, type EventOf, type RequestOf, type ResponseOf, type Result } from '../../shared/ipc.js';
import { SignetError } from '../../shared/errors.js';
import { deviceSignIn, signOut } from '../aws/deviceSignIn.js';
import { DEMO_PEOPLE, approveAsDemoPerson } from '../sandbox/index.js';
import { listActivity, withActivity } from '../services/activity.js';
import { checkDocuments } from '../services/checkDocuments.js';
import { checkEvidence } from '../services/checkEvidence.js';
import { checkSignature } from '../services/checkSignature.js';
import type { SignetContext } from '../services/context.js';
import { evidenceFolderFor } from '../services/evidenceFolder.js';
import { classifyDrop, sealedFormatOf, signaturePair } from '../services/fileKinds.js';
import { asSignetError } from '../fs/ioErrors.js';
import { signerKeyLookup } from '../services/learnKeys.js';
import { openFile } from '../services/openFile.js';
import { sealOutputFor } from '../services/outputNames.js';
import { checkReceipt } from '../services/receipts.js';
import { openRecipeMessage } from '../services/recipe.js';
import { checkReceiptById } from '../services/receipts.js';
import { sealFiles } from '../services/sealFiles.js';
import { keptView, openedView, pinnedKeyView, recipeView, sealedView } from './views.js';
import { signerLabel } from '../../shared/words.js';
import { describeTrust, openingTrust, trustStoreFor } from '../services/trust.js';
import { verdictOf } from '../services/verdict.js';

export interface HandlerEnvironment {
  ctx: SignetContext;
  emit: <E extends EventName>(event: E, payload: EventOf<E>) => void;
  /** Opens the Identity Center page in the system browser (https, or the sandbox's loopback page). */
  openExternal: (url: string) => Promise<void>;
  /** Paths of sealed files main itself announced (command line, second instance, file association). */
  announced?: Set<string>;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder). */
  reveal: (path: string) => void;
  /** Starts dragging a file out of the window (Electron's webContents.startDrag); only ever given a file Signet wrote this session. */
  startDrag?: (path: string) => void;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** The operations the window can cancel, by id, and the files Signet wrote this session (the only ones "Show in folder" reveals). */
class Session {
  private readonly running = new Map<string, AbortController>();
  readonly written = new Set<string>();

  async track<T>(operationId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running.set(operationId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(operationId);
    }
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }
}

type OpenRequest = RequestOf<'open:run'>;

/** Opens a sealed file of either format (fileKinds.ts) beside itself, with an evidence folder if asked. */
function openBeside(env: HandlerEnvironment, session: Session, { operationId, path, overwrite, evidence }: OpenRequest): Promise<ResponseOf<'open:run'>> {
  const { ctx } = env;
  let receipt: string | undefined;
  return withActivity(ctx.home, basename(path), 'opened', () =>
    session.track(operationId, async (signal) => {
      if ((await sealedFormatOf(path)) === 'aws-recipe') {
        const recipe = await openRecipeMessage(ctx, path, dirname(path), overwrite ?? false);
        recipe.written.forEach((p) => session.written.add(p));
        return recipeView(recipe);
      }
      const result = await openFile(ctx, {
        input: path,
        destination: dirname(path),
        overwrite: overwrite ?? false,
        evidence: evidence ? evidenceFolderFor(path) : undefined,
        signal,
        onProgress: (p) => env.emit('progress', { operationId, ...p }),
      });
      result.released.forEach((p) => session.written.add(p));
      if (result.evidence) session.written.add(result.evidence);
      receipt = result.headerSha256;
      return openedView(result);
    }), (view) => `${basename(path)}: ${view.verdict}, sealed by ${view.signer}`, () => receipt);
}

/** Seals the chosen files beside the first of them. */
function sealBeside(env: HandlerEnvironment, session: Session, { operationId, paths, to, overwrite, keepBoth }: RequestOf<'seal:run'>): Promise<ResponseOf<'seal:run'>> {
  const { ctx } = env;
  return withActivity(ctx.home, basename(paths[0]!), 'sealed', () =>
    session.track(operationId, async (signal) => {
      const output = await sealOutputFor(paths, { keepBoth });
      const result = await sealFiles(ctx, { inputs: paths, to, output, overwrite: overwrite ?? false, signal, onProgress: (p) => env.emit('progress', { operationId, ...p }) });
      session.written.add(result.output);
      return sealedView(result);
    }), (view) => `${basename(view.output)} for ${view.recipients.join(', ')}`);
}

const readTrustFile = (path: string): Promise<string> =>
  readFile(path, 'utf8').catch(() => {
    throw new SignetError('INPUT_NOT_FOUND', `${basename(path)} can't be read.`);
  });

/** Imports a trust file from IT into this computer's trust store. */
function importTrust(env: HandlerEnvironment, path: string): Promise<ResponseOf<'trust:import'>> {
  const { ctx } = env;
  return withActivity(
    ctx.home,
    basename(path),
    'imported trust file',
    async () => (await trustStoreFor(ctx.config, ctx.home)).importTrustFile(await readTrustFile(path)),
    (result) => `${result.certificates} certificates and ${result.crls} revocation lists from ${basename(path)}`,
  );
}

/** Signs in (as a demo person, in demo mode) and tells the window who is signed in now. */
async function signInAndTell(env: HandlerEnvironment, demoUser: string | undefined): Promise<ResponseOf<'identity:signIn'>> {
  const { ctx } = env;
  if (demoUser !== undefined && !ctx.config.sandbox) throw new SignetError('USAGE', 'Choosing a demo person only works in demo mode.');
  await deviceSignIn(ctx.config, ctx.sessions, {
    onPrompt: async (prompt) => {
      if (demoUser !== undefined) return approveAsDemoPerson(ctx.config, prompt.verificationUriComplete, demoUser);
      env.emit('identity:prompt', { userCode: prompt.userCode, verificationUri: prompt.verificationUriComplete });
      await env.openExternal(prompt.verificationUriComplete);
    },
  });
  return tellWho(env);
}

async function tellWho(env: HandlerEnvironment): Promise<ResponseOf<'identity:get'>> {
  env.ctx.identity.forget();
  const who = await env.ctx.identity.whoami();
  env.emit('identity:changed', who);
  return who;
}

export function createHandlers(env: HandlerEnvironment): Handlers {
  const { ctx } = env;
  const session = new Session();
  const home = ctx.home;
  return {
    'identity:get': () =>
      ctx.identity.whoami().catch((error: unknown) => {
        if (error instanceof SignetError && error.code === 'OFFLINE') return { signedIn: false, offline: true, organisation: ctx.config.organisation, demo: ctx.config.sandbox };
        throw error;
      }),
    'identity:demoPeople': async () =>
      ctx.config.sandbox ? DEMO_PEOPLE.map((p) => ({ userName: p.userName, displayName: p.displayName, team: p.team, canSeal: p.sender, canOpen: p.receiverFor !== undefined })) : [],
    'identity:signIn': ({ demoUser }) => signInAndTell(env, demoUser),
    'identity:signOut': async () => {
      await signOut(ctx.config, ctx.sessions);
      return tellWho(env);
    },
    'recipients:list': async () => ctx.config.recipients.map((r) => ({ name: r.name })),
    'seal:run': (request) => sealBeside(env, session, request),
    'seal:announced': async (request) => {
      if (!request.paths.every((path) => env.announced?.has(path))) throw new SignetError('ACCESS_DENIED', 'Signet only seals files you dropped on its window or chose "Seal with Signet" for.');
      return sealBeside(env, session, request);
    },
    'open:run': (request) => openBeside(env, session, request),
    'open:announced': async (request) => {
      if (!env.announced?.has(request.path)) throw new SignetError('ACCESS_DENIED', 'Signet only opens files you dropped on its window or opened with it.');
      return openBeside(env, session, request);
    },
    'operation:cancel': async ({ operationId }) => ({ cancelled: session.cancel(operationId) }),
    'trust:import': ({ path }) => importTrust(env, path),
    'trust:announced': async ({ path }) => {
      if (!env.announced?.has(path)) throw new SignetError('ACCESS_DENIED', 'Signet only imports trust files you dropped on its window or opened with it.');
      return importTrust(env, path);
    },
    'trust:show': async () => describeTrust(ctx.config, await trustStoreFor(ctx.config, ctx.home)),
    'files:classify': async ({ paths }) => ({ kind: await classifyDrop(paths) }),
    'evidence:verify': ({ path, documents }) =>
      withActivity(home, basename(path), 'checked', async () => {
        const evidence = await checkEvidence(path, { signerKey: signerKeyLookup(ctx, false), trust: openingTrust(ctx, false), rootSha256: ctx.config.trust?.rootSha256 });
        const v = verdictOf(evidence.checked);
        return {
          verdict: v.verdict,
          signer: signerLabel(v.signer),
          sealedAt: v.sealedAt,
          fingerprint: v.signer.fingerprint,
          signerKeyArn: v.signer.keyArn,
          how: `offline, with ${v.checkedWith}`,
          email: v.signer.certified?.email,
          certificateSha256: v.signer.certified?.certificateSha256,
          revocationNote: v.revocationNote,
          sessionArn: v.signer.sessionArn,
          sourceIdentity: v.signer.sourceIdentity,
          evidenceFiles: evidence.files,
          notEvidence: evidence.unknown,
          documents: documents === undefined ? undefined : await checkDocuments(documents, v),
        };
      }, (view) => `${basename(path)}: ${view.verdict}, sealed by ${view.signer}; ${view.documents ? `${view.documents.checked.length} documents checked` : 'documents not checked'}`),
    'seal:checkKept': ({ path }) =>
      withActivity(home, basename(path), 'checked', async () => {
        const kept = await checkReceipt(ctx, path);
        const v = verdictOf(kept);
        return {
          ...keptView(kept, v),
          how: `offline, from the signature this computer kept when it opened the file on ${kept.openedAt}, with ${v.checkedWith}`,
          email: v.signer.certified?.email,
          sessionArn: v.signer.sessionArn,
          sourceIdentity: v.signer.sourceIdentity,
        };
      }, (view) => `${basename(path)}: ${view.verdict}, sealed by ${view.signer} (the signature kept when it was opened; contents not read)`),
    'signature:verify': ({ paths }) =>
      withActivity(home, paths.map((p) => basename(p)).join(' + '), 'checked', async () => {
        const pair = signaturePair(paths);
        if (!pair) throw new SignetError('USAGE', 'Drop a message together with its signature file (the one ending in .sig).');
        const result = await checkSignature(ctx, pair.message, pair.signature, ctx.config.signingKey);
        return { verdict: 'authentic' as const, message: basename(pair.message), signer: result.keyDescription, signerKeyArn: result.keyDescription, fingerprint: result.fingerprint, how: `offline, with ${result.how}` };
      }, (view) => `${view.message}: authentic signature`),
    'files:reveal': async ({ path }) => {
      if (!session.written.has(path)) return { shown: false };
      env.reveal(path);
      return { shown: true };
    },
    'activity:list': () => listActivity(home),
    'activity:verdict': async ({ receipt }) => {
      const kept = await checkReceiptById(ctx, receipt);
      return { ...keptView(kept), input: basename(kept.input) };
    },
    'files:drag': async ({ path }) => {
      if (!session.written.has(path) || !env.startDrag) return { started: false };
      env.startDrag(path);
      return { started: true };
    },
    'keys:list': async () => ctx.keyring.list().map(pinnedKeyView),
  };
}

/** Validates the request, runs the handler, validates the response, and never throws. */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(CONTRACT, channel)) return { ok: false, error: { code: 'USAGE', message: `Unknown request ${channel}.` } };
  const spec = CONTRACT[channel as Channel];
  const request = spec.request.safeParse(payload ?? {});
  if (!request.success) return { ok: false, error: { code: 'USAGE', message: `That request was not valid: ${request.error.issues[0]?.message ?? 'bad input'}.` } };
  try {
    const value = await (handlers[channel as Channel] as (r: unknown) => Promise<unknown>)(request.data);
    return { ok: true, value: spec.response.parse(value) };
  } catch (error) {
    const signetError = asSignetError(error);
    // An internal error's detail is a stack: it goes to the log, not to the window.
    if (signetError.code === 'INTERNAL') {
      process.stderr.write(`signet: internal error in ${channel}: ${signetError.detail ?? ''}\n`);
      return { ok: false, error: { code: signetError.code, message: signetError.message } };
    }
    return { ok: false, error: { code: signetError.code, message: signetError.message, detail: signetError.detail } };
  }
}
