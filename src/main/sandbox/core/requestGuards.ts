// Who may talk to the sandbox. It listens on 127.0.0.1 only, yet a web page open in
// the person's browser can still reach it: by DNS rebinding (the page's own name,
// say attacker.example, is made to resolve to 127.0.0.1, so its requests arrive with
// Host: attacker.example and the browser lets the page read the answers) or by a
// cross-site form or fetch. So the Host must name the sandbox itself, the approval
// page takes posts only from its own origin, and bodies must carry the content type
// the AWS clients send: a page cannot send a JSON content type cross-site without a
// CORS preflight, which the sandbox never grants.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host header values that name the sandbox on `port`, lower case. */
export function sandboxHosts(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `${name}:${port}`);
}

/**
 * True only when the request names the sandbox: exactly one Host header, equal (in
 * any letter case) to one of `hosts`, and a request target that is a path, not an
 * absolute URL that could name another host.
 */
export function addressedToSandbox(req: IncomingMessage, hosts: readonly string[]): boolean {
  const host = req.headersDistinct.host;
  if (host?.length !== 1) return false;
  return hosts.includes(host[0]!.toLowerCase()) && (req.url ?? '').startsWith('/');
}

/** True only when the request carries one Origin header (`origins`, every value it sent), and it is the sandbox's own (http, one of `hosts`). */
export function fromSandboxOrigin(origins: readonly string[] | undefined, hosts: readonly string[]): boolean {
  if (origins?.length !== 1) return false;
  return hosts.some((host) => origins[0]!.toLowerCase() === `http://${host}`);
}

/** The media type of a Content-Type header: lower case, without parameters; '' when there is none. */
export function mediaType(req: IncomingMessage): string {
  const header = req.headersDistinct['content-type'];
  return header?.length === 1 ? header[0]!.split(';')[0]!.trim().toLowerCase() : '';
}
