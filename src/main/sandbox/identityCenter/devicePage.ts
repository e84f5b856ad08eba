// The sandbox's stand-in for the Identity Center sign-in page a person sees in the
// browser: it shows the code, lets them choose which demo person they are, and
// approves or declines the device authorisation. The form carries a per-request nonce,
// and the server takes its posts only from the sandbox's own origin, so another page
// cannot approve a sign-in behind the person's back.
import type { DeviceAuthorizationRecord, SandboxStore } from '../core/state.js';
import { xmlEscape as escape } from '../sts/operations.js';

export const DEVICE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
.code{font-size:1.6rem;letter-spacing:.2em;font-weight:600}label{display:block;margin:.4rem 0}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem}.badge{background:#fde68a;padding:.1rem .5rem;border-radius:.3rem}</style>
</head><body><p class="badge">Signet sandbox — demo sign-in, not AWS</p>${body}</body></html>`;
}

export function findPendingByUserCode(store: SandboxStore, userCode: string): DeviceAuthorizationRecord | undefined {
  const wanted = userCode.trim().toUpperCase();
  return Object.values(store.state.deviceAuthorizations).find(
    (d) => d.userCode === wanted && d.status === 'pending' && store.now() < d.expiresAt,
  );
}

export function renderDevicePage(store: SandboxStore, userCode: string | null): string {
  const org = escape(store.state.organisation);
  if (!userCode) {
    return page(
      'Sign in',
      `<h1>Sign in to ${org}</h1><form method="get" action="/device"><label for="code">Enter the code Signet shows you</label>
<input id="code" name="user_code" autocomplete="off" required><button type="submit">Next</button></form>`,
    );
  }
  const device = findPendingByUserCode(store, userCode);
  if (!device) {
    return page('Code not found', `<h1>That code isn't waiting for sign-in</h1><p>It may have expired or been used already. Start the sign-in again in Signet.</p>`);
  }
  const people = Object.values(store.state.people)
    .map(
      (p, i) =>
        `<label><input type="radio" name="person" value="${escape(p.userName)}"${i === 0 ? ' checked' : ''}> ${escape(p.displayName)} (${escape(p.team)}) — ${escape(p.userName)}</label>`,
    )
    .join('');
  return page(
    'Approve sign-in',
    `<h1>Sign in to ${org}</h1><p>Check that Signet shows this code:</p><p class="code">${escape(device.userCode)}</p>
<form method="post" action="/device"><fieldset><legend>Who are you?</legend>${people}</fieldset>
<input type="hidden" name="user_code" value="${escape(device.userCode)}"><input type="hidden" name="nonce" value="${device.formNonce}">
<p><button type="submit" name="decision" value="approve">Allow Signet</button><button type="submit" name="decision" value="deny">Don't allow</button></p></form>`,
  );
}

/** Applies the person's choice. Returns the page to show and whether it was accepted. */
export async function submitDeviceForm(store: SandboxStore, form: URLSearchParams): Promise<{ status: number; html: string }> {
  const device = findPendingByUserCode(store, form.get('user_code') ?? '');
  if (!device || form.get('nonce') !== device.formNonce) {
    return { status: 400, html: page('Not accepted', `<h1>This sign-in can't be completed</h1><p>The code expired or the page is out of date. Start again in Signet.</p>`) };
  }
  const decision = form.get('decision');
  const person = store.state.people[form.get('person') ?? ''];
  if (decision === 'deny') {
    device.status = 'denied';
    await store.commit();
    return { status: 200, html: page('Declined', `<h1>Sign-in declined</h1><p>Signet was not allowed to sign in. You can close this tab.</p>`) };
  }
  if (decision !== 'approve' || !person) {
    return { status: 400, html: page('Not accepted', `<h1>Choose who you are, then Allow</h1>`) };
  }
  device.status = 'approved';
  device.userName = person.userName;
  await store.commit();
  return {
    status: 200,
    html: page('Signed in', `<h1>You're signed in as ${escape(person.displayName)}</h1><p>Go back to Signet; you can close this tab.</p>`),
  };
}

/** The answer to a post that does not come from the sandbox's own page (no Origin, or another one): nothing changes. */
export function crossOriginPost(): { status: number; html: string } {
  return {
    status: 403,
    html: page('Not accepted', `<h1>This sign-in can't be completed from another page</h1><p>Open the link Signet shows you and choose Allow there.</p>`),
  };
}

export function renderStartPage(store: SandboxStore): string {
  return page(
    'Sign-in portal',
    `<h1>${escape(store.state.organisation)}</h1><p>This is the sign-in portal of the Signet sandbox. Sign in from Signet: it will send you here with a code.</p>`,
  );
}
