// The HTTP plumbing every sandbox endpoint shares: a request read into one value (with
// a bound on the body), and a reply written with its length. Nothing here knows an
// AWS protocol.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { mediaType } from './requestGuards.js';

/** A request with its body read: what routing, protocols and SigV4 look at. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The Content-Type's media type, lower case, without parameters; '' when there is none. */
  mediaType: string;
  /** Every Origin header value sent (the approval page takes posts only from its own). */
  origins: string[] | undefined;
  body: Buffer;
}

/** What an endpoint answers: written as is, with Content-Type and Content-Length. */
export interface Reply {
  status: number;
  contentType: string;
  /** Text, or bytes (a DER CRL). */
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

export class BodyTooLarge extends Error {}

/** Reads the request; rejects with BodyTooLarge (having drained the rest) past `maxBodyBytes`. */
export function readRequest(req: IncomingMessage, url: URL, maxBodyBytes: number): Promise<SandboxRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, mediaType: mediaType(req), origins: req.headersDistinct.origin, body: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
  });
}

/** The first value of a request header. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body), ...reply.headers });
  res.end(reply.body);
}

export const jsonReply = (status: number, value: object, headers?: Record<string, string>): Reply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
  headers,
});
