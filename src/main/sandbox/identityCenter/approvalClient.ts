// What a person does on the sandbox's sign-in page, done by a program: open the
// verification page, choose who they are, press Allow (or Don't allow). Used by demo
// mode (`signet login --user`, `signet demo`) and by tests.

export async function submitOnApprovalPage(verificationUriComplete: string, userName: string, decision: 'approve' | 'deny' = 'approve'): Promise<Response> {
  const url = new URL(verificationUriComplete);
  const page = await (await fetch(url)).text();
  const nonce = page.match(/name="nonce" value="([0-9a-f]+)"/)?.[1];
  const userCode = page.match(/name="user_code" value="([A-Z-]+)"/)?.[1];
  if (!nonce || !userCode) throw new Error('the sandbox sign-in page offers no code to approve (expired or already used)');
  if (!page.includes(`name="person" value="${userName}"`)) throw new Error(`"${userName}" is not one of the demo people on this sandbox`);
  return fetch(new URL('/device', url), {
    method: 'POST',
    // What the browser sends with the page's form: the sandbox refuses posts from any other origin.
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin },
    body: new URLSearchParams({ user_code: userCode, nonce, person: userName, decision }).toString(),
  });
}
