// `signet login [--user NAME]`, `signet whoami`, `signet logout`: the same sign-in code
// the app uses. Without --user, the person approves in their browser; --user picks a
// demo person and works only against the sandbox.
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { formatWhen } from '../../../shared/words.js';
import { deviceSignIn, signOut } from '../../aws/deviceSignIn.js';
import type { WhoAmI } from '../../aws/identity.js';
import type { SignetContext } from '../../services/context.js';
import { cliContext, interruptSignal } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

export function describeWho(who: WhoAmI): string[] {
  if (!who.signedIn) return [`Not signed in to ${who.organisation}. Run "signet login".`];
  const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no');
  return [
    `Signed in as ${who.userName} at ${who.organisation}${who.demo ? ' (demo mode: the local sandbox, not AWS)' : ''}${who.via === 'profile' ? ', through an AWS profile' : ''}.`,
    `Sender access (seal files): ${yesNo(who.roles?.sender)}. Receiver access (open files): ${yesNo(who.roles?.receiver)}.`,
    ...(who.sessionEndsAt ? [`Sign-in valid until ${formatWhen(who.sessionEndsAt)}; Signet renews it while you use it.`] : []),
  ];
}

/** Signs in by device authorisation; with `demoUser`, approves on the sandbox page as that person. */
export async function signInForCli(ctx: SignetContext, output: Output, demoUser: string | undefined, signal?: AbortSignal): Promise<void> {
  if (demoUser !== undefined && !ctx.config.sandbox) throw new SignetError('USAGE', '--user only works with the demo sandbox. Sign in in your browser instead.');
  if (demoUser !== undefined) {
    // Loaded only in demo mode, so a real sign-in does not load the sandbox.
    const { DEMO_PEOPLE } = await import('../../sandbox/index.js');
    if (!DEMO_PEOPLE.some((p) => p.userName === demoUser)) {
      const people = DEMO_PEOPLE.map((p) => `${p.userName} (${p.displayName}, ${p.team})`).join(', ');
      throw new SignetError('USAGE', `There's no demo person called ${demoUser}. Choose one of: ${people}.`);
    }
  }
  await deviceSignIn(ctx.config, ctx.sessions, {
    signal,
    onPrompt: async (prompt) => {
      if (demoUser !== undefined) {
        // Loaded only in demo mode, so a real sign-in does not load the sandbox.
        const { approveAsDemoPerson } = await import('../../sandbox/index.js');
        await approveAsDemoPerson(ctx.config, prompt.verificationUriComplete, demoUser);
        return;
      }
      output.note(`To sign in, open ${prompt.verificationUriComplete}`);
      output.note(`and check that it shows the code ${prompt.userCode}. Waiting for your browser…`);
    },
  });
}

export async function loginCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' } }, strict: true });
  const ctx = await cliContext(global);
  if (ctx.identity.via === 'profile') {
    output.note(`Using the AWS profile; there is nothing to sign in to. Sign in with the AWS CLI if it asks.`);
  } else {
    const { signal, dispose } = interruptSignal();
    try {
      await signInForCli(ctx, output, values.user, signal);
    } finally {
      dispose();
    }
  }
  const who = await ctx.identity.whoami();
  output.result(describeWho(who), { whoami: who });
}

export async function whoamiCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  parseArgs({ args, options: {}, strict: true });
  const who = await (await cliContext(global)).identity.whoami();
  output.result(describeWho(who), { whoami: who });
}

export async function logoutCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  parseArgs({ args, options: {}, strict: true });
  const ctx = await cliContext(global);
  await signOut(ctx.config, ctx.sessions);
  output.result(['Signed out. Your sign-in was ended and its tokens deleted from this computer.'], { signedOut: true });
}
