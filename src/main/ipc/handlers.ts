// What each IPC channel does, in plain Node: the Electron main registers exactly these
// (src/main/app/ipcRegistration.ts), and the browser tests route the renderer's bridge
// to them. Every request is validated against the shared contract first; every
// failure comes back as { code, message } — never a stack, a credential or a token.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { CONTRACT, type Channel, type EventName, type EventOf, type RequestOf, type ResponseOf, type Result } from '../../shared/ipc.js';
import { ERRORS, SignetError } from '../../shared/errors.js';
import { deviceSignIn, signOut } from '../aws/deviceSignIn.js';
import { DEMO_PEOPLE } from '../sandbox/provision.js';
import type { SignetContext } from '../services/context.js';
import { approveAsDemoPerson } from '../services/demoApproval.js';
import { EVIDENCE_FILES, verdictOf, verifyEvidence } from '../services/evidence.js';
import { listActivity, recordActivity } from '../services/activity.js';
import { exportTrustBundle, signerKeyLookup } from '../services/keys.js';
import { verifyDetached } from '../services/detachedVerify.js';
import { importTrustBundle } from '../keyring/trustBundle.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { exists } from '../fs/publish.js';
import { openFor } from '../services/opening.js';
import { sealFor } from '../services/sealing.js';

export interface HandlerEnvironment {
  ctx: SignetContext;
  emit: <E extends EventName>(event: E, payload: EventOf<E>) => void;
  /** Opens the Identity Center page in the system browser (https, or the sandbox's loopback page). */
  openExternal: (url: string) => Promise<void>;
  /** .signet paths main itself announced (command line, second instance, file association). */
  announced?: Set<string>;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder). */
  reveal: (path: string) => void;
  /** Where to write an exported key file (a save dialog in the app). Undefined: cancelled. */
  chooseExportPath: (defaultName: string) => Promise<string | undefined>;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** A message and its detached signature: "x" with "x.sig", or message.json with message.sig. */
function pairOf(paths: string[]): { message: string; signature: string } | undefined {
  const [a, b] = paths as [string, string];
  const signature = a.endsWith('.sig') ? a : b.endsWith('.sig') ? b : undefined;
  const message = signature === a ? b : a;
  if (!signature || message.endsWith('.sig')) return undefined;
  const stem = (p: string) => basename(p).replace(/\.[^.]*$/, '');
  return basename(signature) === `${basename(message)}.sig` || stem(signature) === stem(message) ? { message, signature } : undefined;
}

/** "report.pdf.signet", or "report.pdf and 2 more.signet", beside the first input; "(2)" etc. to keep both. */
async function sealOutputFor(paths: string[], keepBoth: boolean): Promise<string> {
  const first = paths[0]!.replace(/[/\\]+$/, '');
  const stem = paths.length === 1 ? basename(first) : `${basename(first)} and ${paths.length - 1} more`;
  const plain = join(dirname(first), `${stem}.signet`);
  if (!keepBoth || !(await exists(plain))) return plain;
  for (let n = 2; n < 1000; n++) {
    const candidate = join(dirname(first), `${stem} (${n}).signet`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new SignetError('OUTPUT_EXISTS');
}

export function createHandlers(env: HandlerEnvironment): Handlers {
  const running = new Map<string, AbortController>();
  const track = async <T>(operationId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    running.set(operationId, controller);
    try {
      return await work(controller.signal);
    } finally {
      running.delete(operationId);
    }
  };
  const { ctx } = env;
  /** Paths Signet itself wrote this session: the only ones "Show in folder" reveals. */
  const written = new Set<string>();
  /** Runs an operation; a refusal is recorded in the activity list before it is reported. */
  const noting = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SignetError && error.code !== 'CANCELLED') await recordActivity(ctx.home, { action: 'refused', summary: what, code: error.code }).catch(() => undefined);
      throw error;
    }
  };

  const openAndReport = (operationId: string, path: string, overwrite: boolean | undefined, evidence: boolean | undefined): Promise<ResponseOf<'open:run'>> =>
      track(operationId, async (signal) => {
        const stem = basename(path, extname(path) === '.signet' ? '.signet' : undefined);
        const evidenceDir = evidence ? join(dirname(path), `${stem} evidence ${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 4)}`) : undefined;
        const result = await openFor(ctx, {
          input: path,
          destination: dirname(path),
          overwrite: overwrite ?? false,
          ...(evidenceDir ? { evidence: evidenceDir } : {}),
          signal,
          onProgress: (p) => env.emit('progress', { operationId, ...p }),
        });
        const v = verdictOf(result);
        result.released.forEach((p) => written.add(p));
        if (result.evidence) written.add(result.evidence);
        // The files are in place: a list entry that cannot be written must not turn the open into a refusal.
        await recordActivity(ctx.home, { action: 'opened', summary: `${basename(path)}: authentic, sealed by ${v.signer.sourceIdentity ?? v.signer.sessionArn}` }).catch(() => undefined);
        return {
          verdict: 'authentic' as const,
          signer: v.signer.sourceIdentity ?? v.signer.sessionArn,
          sealedAt: v.sealedAt,
          released: result.released,
          files: v.files,
          details: {
            signerKeyArn: v.signer.keyArn,
            fingerprint: v.signer.fingerprint,
            sessionArn: v.signer.sessionArn,
            ...(v.signer.sourceIdentity ? { sourceIdentity: v.signer.sourceIdentity } : {}),
            kmsRequestId: v.kmsRequestId,
            recipients: v.recipients,
            checkedWith: v.checkedWith,
          },
          evidence: result.evidence,
          warning: result.warning,
        };
      });

  return {
    'identity:get': async () => {
      try {
        return await ctx.identity.whoami();
      } catch (error) {
        if (error instanceof SignetError && error.code === 'OFFLINE') return { signedIn: false, offline: true, organisation: ctx.config.organisation, demo: ctx.config.sandbox };
        throw error;
      }
    },

    'identity:demoPeople': async () =>
      ctx.config.sandbox
        ? DEMO_PEOPLE.map((p) => ({ userName: p.userName, displayName: p.displayName, team: p.team, canSeal: p.sender, canOpen: p.receiverFor !== undefined }))
        : [],

    'identity:signIn': async ({ demoUser }) => {
      if (demoUser !== undefined && !ctx.config.sandbox) throw new SignetError('USAGE', 'Choosing a demo person only works in demo mode.');
      await deviceSignIn(ctx.config, ctx.sessions, {
        onPrompt: async (prompt) => {
          if (demoUser !== undefined) return approveAsDemoPerson(ctx.config, prompt.verificationUriComplete, demoUser);
          env.emit('identity:prompt', { userCode: prompt.userCode, verificationUri: prompt.verificationUriComplete });
          await env.openExternal(prompt.verificationUriComplete);
        },
      });
      ctx.identity.forget();
      const who = await ctx.identity.whoami();
      env.emit('identity:changed', who);
      return who;
    },

    'identity:signOut': async () => {
      await signOut(ctx.config, ctx.sessions);
      ctx.identity.forget();
      const who = await ctx.identity.whoami();
      env.emit('identity:changed', who);
      return who;
    },

    'recipients:list': async () => ctx.config.recipients.map((r) => ({ name: r.name })),

    'seal:run': ({ operationId, paths, to, overwrite, keepBoth }) =>
      noting(basename(paths[0]!), () => track(operationId, async (signal) => {
        const output = await sealOutputFor(paths, keepBoth ?? false);
        const result = await sealFor(ctx, {
          inputs: paths,
          to,
          output,
          overwrite: overwrite ?? false,
          signal,
          onProgress: (p) => env.emit('progress', { operationId, ...p }),
        });
        written.add(result.output);
        await recordActivity(ctx.home, { action: 'sealed', summary: `${basename(result.output)} for ${result.manifest.recipients.map((r) => r.name).join(', ')}` });
        return {
          output: result.output,
          recipients: result.manifest.recipients.map((r) => r.name),
          files: result.manifest.entries.filter((e) => e.type === 'file').length,
          bytesIn: result.bytesIn,
          bytesOut: result.bytesOut,
        };
      })),

    'open:run': ({ operationId, path, overwrite, evidence }) => noting(basename(path), () => openAndReport(operationId, path, overwrite, evidence)),

    'open:announced': async ({ operationId, path, overwrite, evidence }) => {
      if (!env.announced?.has(path)) throw new SignetError('ACCESS_DENIED', 'Signet only opens files you dropped on its window or opened with it.');
      return openAndReport(operationId, path, overwrite, evidence);
    },

    'operation:cancel': async ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    'keys:import': ({ path }) =>
      noting(basename(path), async () => {
        const text = await readFile(path, 'utf8').catch(() => {
          throw new SignetError('INPUT_NOT_FOUND', `${basename(path)} can't be read.`);
        });
        const result = await importTrustBundle(text, ctx.keyring, ctx.config.trustBundleSigner);
        await recordActivity(ctx.home, { action: 'imported keys', summary: `${result.imported.length} keys from ${basename(path)}` });
        return { imported: result.imported.length, signer: result.signer.keyArn, trustedAs: result.signer.trustedAs };
      }),

    'keys:export': async () => {
      const path = await env.chooseExportPath(`${ctx.config.organisation} keys.json`);
      if (!path) throw new SignetError('CANCELLED', 'Nothing was exported.');
      await writeFileAtomic(path, await exportTrustBundle(ctx), 0o644);
      written.add(path);
      await recordActivity(ctx.home, { action: 'exported keys', summary: basename(path) });
      return { path, keys: ctx.keyring.list().length };
    },

    'files:classify': async ({ paths }) => {
      if (paths.length === 1) {
        const only = paths[0]!;
        if (only.endsWith('.signet')) return { kind: 'open' as const };
        if (await exists(join(only, EVIDENCE_FILES.manifest)) && (await exists(join(only, EVIDENCE_FILES.signature)))) return { kind: 'evidence' as const };
        if (only.endsWith('.json') && (await readFile(only, 'utf8').then((t) => t.includes('"signet-trust-bundle/1"'), () => false))) return { kind: 'keys' as const };
      }
      if (paths.length === 2 && pairOf(paths)) return { kind: 'detached' as const };
      return { kind: 'seal' as const };
    },

    'evidence:verify': ({ path }) =>
      noting(basename(path), async () => {
        const { manifest, signer } = await verifyEvidence(path, signerKeyLookup(ctx, false));
        const who = manifest.signer.sourceIdentity ?? manifest.signer.sessionArn;
        await recordActivity(ctx.home, { action: 'checked', summary: `${basename(path)}: authentic, sealed by ${who}` });
        return { verdict: 'authentic' as const, signer: who, sealedAt: manifest.createdAt, fingerprint: signer.fingerprint, signerKeyArn: manifest.signer.keyArn, how: `offline, with the key pinned on this computer on ${signer.learnedAt}` };
      }),

    'signature:verify': ({ paths }) =>
      noting(paths.map((p) => basename(p)).join(' + '), async () => {
        const pair = pairOf(paths);
        if (!pair) throw new SignetError('USAGE', 'Drop a message together with its signature file (the one ending in .sig).');
        const result = await verifyDetached(ctx, pair.message, pair.signature, ctx.config.signingKey);
        await recordActivity(ctx.home, { action: 'checked', summary: `${basename(pair.message)}: authentic signature` });
        return { verdict: 'authentic' as const, message: basename(pair.message), signer: result.keyDescription, signerKeyArn: result.keyDescription, fingerprint: result.fingerprint, how: `offline, with ${result.how}` };
      }),

    'files:reveal': async ({ path }) => {
      if (!written.has(path)) return { shown: false };
      env.reveal(path);
      return { shown: true };
    },

    'activity:list': () => listActivity(ctx.home),

    'keys:list': async () =>
      ctx.keyring.list().map((k) => ({ keyArn: k.keyArn, aliases: k.aliases, keySpec: k.keySpec, fingerprint: k.fingerprint, learnedAt: k.learnedAt, learnedFrom: k.learnedFrom })),
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
    if (error instanceof SignetError) return { ok: false, error: { code: error.code, message: error.message } };
    process.stderr.write(`signet: internal error in ${channel}: ${(error as Error)?.stack ?? String(error)}\n`);
    return { ok: false, error: { code: 'INTERNAL', message: ERRORS.INTERNAL.message } };
  }
}
