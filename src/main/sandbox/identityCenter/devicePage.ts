// The sandbox's stand-in for the Identity Center sign-in page a person sees in the
// browser: it shows the code, lets them choose which demo person they are, and
// approves or declines the device authorisation. The form carries a per-request nonce,
// and its posts are taken only from the sandbox's own origin, so another page cannot
// approve a sign-in behind the person's back. Unsigned and not AWS calls: not in the
// audit log; routed by method and path.
import type { Endpoint } from '../core/pipeline.js';
import { plainRestError } from '../core/protocols.js';
import { fromSandboxOrigin } from '../core/requestGuards.js';
import type { DeviceAuthorizationRecord, SandboxStore } from '../core/state.js';
import { escapeMarkup as escape } from '../core/markup.js';

const DEVICE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
.code{font-size:1.6rem;letter-spacing:.2em;font-weight:600}label{display:block;margin:.4rem 0}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem}.badge{background:#fde68a;padding:.1rem .5rem;border-radius:.3rem}</style>
</head><body><p class="badge">Signet sandbox — demo sign-in, not AWS</p>${body}</body></html>`;
}

function findPendingByUserCode(store: SandboxStore, userCode: string): DeviceAuthorizationRecord | undefined {
  const wanted = userCode.trim().toUpperCase();
  return Object.values(store.state.deviceAuthorizations).find(
    (d) => d.userCode === wanted && d.status === 'pending' && store.now() < d.expiresAt,
  );
}

function renderDevicePage(store: SandboxStore, userCode: string | null): string {
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

interface Page {
  status: number;
  html: string;
}

/** Applies the person's choice to the device record (the caller saves the store). Returns the page to show. */
function submitDeviceForm(store: SandboxStore, form: URLSearchParams): Page {
  const device = findPendingByUserCode(store, form.get('user_code') ?? '');
  if (!device || form.get('nonce') !== device.formNonce) {
    return { status: 400, html: page('Not accepted', `<h1>This sign-in can't be completed</h1><p>The code expired or the page is out of date. Start again in Signet.</p>`) };
  }
  const decision = form.get('decision');
  const person = store.state.people[form.get('person') ?? ''];
  if (decision === 'deny') {
    device.status = 'denied';
    return { status: 200, html: page('Declined', `<h1>Sign-in declined</h1><p>Signet was not allowed to sign in. You can close this tab.</p>`) };
  }
  if (decision !== 'approve' || !person) {
    return { status: 400, html: page('Not accepted', `<h1>Choose who you are, then Allow</h1>`) };
  }
  device.status = 'approved';
  device.userName = person.userName;
  return {
    status: 200,
    html: page('Signed in', `<h1>You're signed in as ${escape(person.displayName)}</h1><p>Go back to Signet; you can close this tab.</p>`),
  };
}

/** The answer to a post that does not come from the sandbox's own page (no Origin, or another one): nothing changes. */
function crossOriginPost(): Page {
  return {
    status: 403,
    html: page('Not accepted', `<h1>This sign-in can't be completed from another page</h1><p>Open the link Signet shows you and choose Allow there.</p>`),
  };
}

function renderStartPage(store: SandboxStore): string {
  return page(
    'Sign-in portal',
    `<h1>${escape(store.state.organisation)}</h1><p>This is the sign-in portal of the Signet sandbox. Sign in from Signet: it will send you here with a code.</p>`,
  );
}

/** The pages by "METHOD /path"; `mutates` as for operations: the store is saved after the page is made. */
const PAGES: Record<string, { mutates: boolean; render(request: Parameters<Endpoint['handle']>[0], context: Parameters<Endpoint['handle']>[1]): Page }> = {
  'GET /device': { mutates: false, render: (request, { store }) => ({ status: 200, html: renderDevicePage(store, request.query.get('user_code')) }) },
  'POST /device': {
    mutates: true,
    render: (request, { store, hosts }) =>
      fromSandboxOrigin(request.origins, hosts) ? submitDeviceForm(store, new URLSearchParams(request.body.toString('utf8'))) : crossOriginPost(),
  },
  'GET /start': { mutates: false, render: (_request, { store }) => ({ status: 200, html: renderStartPage(store) }) },
  'GET /': { mutates: false, render: (_request, { store }) => ({ status: 200, html: renderStartPage(store) }) },
};

export const SIGN_IN_PAGE_ROUTES = Object.keys(PAGES);

/** The sign-in pages, each answered as HTML that no other page may frame or script. */
export const SIGN_IN_PAGES: Endpoint = {
  accessDeniedCode: 'AccessDeniedException',
  refuse: plainRestError,
  async handle(request, context) {
    const page = PAGES[`${request.method} ${request.path}`]!;
    const { status, html } = page.render(request, context);
    if (page.mutates) await context.store.commit();
    return {
      status,
      contentType: 'text/html; charset=utf-8',
      body: html,
      headers: { 'Content-Security-Policy': DEVICE_PAGE_CSP, 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' },
    };
  },
};
