// What each IPC channel does, in plain Node: the Electron main registers exactly these
// (src/main/app/ipcRegistration.ts), and the browser tests route the renderer's bridge
// to them. Every request is validated against the shared contract first; every
// failure comes back as { code, message } — never a stack, a credential or a token.
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { CONTRACT, type Channel, type EventName, type EventOf, type RequestOf, type ResponseOf, type Result } from '../../shared/ipc.js';
import { ERRORS, SignetError } from '../../shared/errors.js';
import { deviceSignIn, signOut } from '../aws/deviceSignIn.js';
import { DEMO_PEOPLE } from '../sandbox/provision.js';
import type { SignetContext } from '../services/context.js';
import { approveAsDemoPerson } from '../services/demoApproval.js';
import { verdictOf } from '../services/evidence.js';
import { openFor } from '../services/opening.js';
import { sealFor } from '../services/sealing.js';

export interface HandlerEnvironment {
  ctx: SignetContext;
  emit: <E extends EventName>(event: E, payload: EventOf<E>) => void;
  /** Opens the Identity Center page in the system browser (https, or the sandbox's loopback page). */
  openExternal: (url: string) => Promise<void>;
  /** .signet paths main itself announced (command line, second instance, file association). */
  announced?: Set<string>;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

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
          ...(evidenceDir ? { evidence: evidenceDir } : {}),
        };
      });

  return {
    'identity:get': () => ctx.identity.whoami(),

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
      track(operationId, async (signal) => {
        const output = await sealOutputFor(paths, keepBoth ?? false);
        const result = await sealFor(ctx, {
          inputs: paths,
          to,
          output,
          overwrite: overwrite ?? false,
          signal,
          onProgress: (p) => env.emit('progress', { operationId, ...p }),
        });
        return {
          output: result.output,
          recipients: result.manifest.recipients.map((r) => r.name),
          files: result.manifest.entries.filter((e) => e.type === 'file').length,
          bytesIn: result.bytesIn,
          bytesOut: result.bytesOut,
        };
      }),

    'open:run': ({ operationId, path, overwrite, evidence }) => openAndReport(operationId, path, overwrite, evidence),

    'open:announced': async ({ operationId, path, overwrite, evidence }) => {
      if (!env.announced?.has(path)) throw new SignetError('ACCESS_DENIED', 'Signet only opens files you dropped on its window or opened with it.');
      return openAndReport(operationId, path, overwrite, evidence);
    },

    'operation:cancel': async ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

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
