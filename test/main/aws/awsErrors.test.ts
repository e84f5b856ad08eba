// Each condition is recognised under every name AWS gives it. The thrown objects are
// shaped like the SDK's (name + message, and Node's network error codes).
import { describe, expect, it } from 'vitest';
import { fromAwsError } from '../../../src/main/aws/awsErrors.js';

const sdkError = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('AWS errors as Signet codes', () => {
  it.each([
    ['ExpiredToken', 'SESSION_EXPIRED'],
    ['ExpiredTokenException', 'SESSION_EXPIRED'],
    ['UnrecognizedClientException', 'SESSION_EXPIRED'],
    ['InvalidClientTokenId', 'SESSION_EXPIRED'],
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['AccessDenied', 'ACCESS_DENIED'],
    ['RequestExpired', 'CLOCK_SKEW'],
    ['DisabledException', 'KEY_UNAVAILABLE'],
    ['KMSInvalidStateException', 'KEY_UNAVAILABLE'],
    ['NotFoundException', 'KEY_UNAVAILABLE'],
    ['KMSInvalidSignatureException', 'BAD_SIGNATURE'],
    ['ThrottlingException', 'SERVICE_ERROR'],
    ['KMSInternalException', 'SERVICE_ERROR'],
  ])('%s → %s', (name, code) => {
    expect(fromAwsError(sdkError(name), 'testing').code).toBe(code);
  });

  it('recognises clock skew from the message AWS sends with InvalidSignatureException', () => {
    expect(fromAwsError(sdkError('InvalidSignatureException', 'Signature expired: 20261128T100000Z is now earlier than …'), 'x').code).toBe('CLOCK_SKEW');
  });

  it('recognises an unreachable network, however deep the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(fromAwsError(refused, 'x').code).toBe('OFFLINE');
    expect(fromAwsError(Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 'x').code).toBe('OFFLINE');
    expect(fromAwsError(sdkError('TimeoutError'), 'x').code).toBe('OFFLINE');
  });

  it('keeps what AWS said for Details as visible text, so its escapes cannot reach a terminal or the screen', () => {
    const error = fromAwsError(sdkError('Weird\u202eError', 'bad\r\u001b[2Kthing'), 'sealing');
    expect(error.detail).toBe('sealing: Weird<U+202E>Error: bad<U+000D><U+001B>[2Kthing');
  });

  it('keeps what AWS said for Details, never as the message a person sees', () => {
    const error = fromAwsError(sdkError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/R/alice is not authorized'), 'opening');
    expect(error.message).not.toContain('arn:aws');
    expect(error.detail).toContain('opening: AccessDeniedException');
  });
});
