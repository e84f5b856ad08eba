// Turns what the AWS SDK throws into Signet's error codes, recognising each condition
// under every name AWS uses for it (ExpiredToken in Query services,
// ExpiredTokenException in JSON ones, and so on) and network failures by their
// system error codes.
import { SignetError } from '../../shared/errors.js';
import { visibleText } from '../format/names.js';

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException']);
const UNKNOWN_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'UnauthorizedException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'ForbiddenException']);
const SKEW = new Set(['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture']);
const KEY_STATE = new Set(['DisabledException', 'KMSInvalidStateException', 'NotFoundException', 'KeyUnavailableException']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET']);

function networkCode(error: unknown): string | undefined {
  for (let e = error as { code?: string; cause?: unknown; name?: string } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code && NETWORK.has(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'TimeoutError';
  }
  return undefined;
}

/** The AWS error name of a thrown SDK error, if it is one. */
export const awsErrorName = (error: unknown): string | undefined => (error as { name?: string } | undefined)?.name;

export function isAccessDenied(error: unknown): boolean {
  return DENIED.has(awsErrorName(error) ?? '');
}

/** A SignetError for any failure of an AWS call. `action` says what Signet was doing, for Details. */
export function fromAwsError(error: unknown, action: string): SignetError {
  if (error instanceof SignetError) return error;
  const name = awsErrorName(error) ?? 'Error';
  const message = (error as Error)?.message ?? String(error);
  // The name and message come from the server: shown as visible text wherever they go.
  const detail = `${action}: ${visibleText(name)}: ${visibleText(message)}`;
  if (networkCode(error)) return new SignetError('OFFLINE', undefined, detail);
  if (EXPIRED.has(name)) return new SignetError('SESSION_EXPIRED', undefined, detail);
  if (UNKNOWN_CREDENTIALS.has(name)) return new SignetError('SESSION_EXPIRED', undefined, detail);
  if (DENIED.has(name)) return new SignetError('ACCESS_DENIED', undefined, detail);
  if (SKEW.has(name) || /Signature expired/i.test(message)) return new SignetError('CLOCK_SKEW', undefined, detail);
  if (KEY_STATE.has(name)) return new SignetError('KEY_UNAVAILABLE', undefined, detail);
  if (name === 'KMSInvalidSignatureException') return new SignetError('BAD_SIGNATURE', undefined, detail);
  return new SignetError('SERVICE_ERROR', undefined, detail);
}
