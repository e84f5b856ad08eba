// RFC 3161 tokens checked offline (src/main/pki/timestamp.ts): a reply is taken only
// for the query Signet sent — same imprint, same nonce — and a token only when its
// signature, signed attributes and content agree; each refusal names its reason.
import { generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { TimeStampReq, TimeStampResp } from '@peculiar/asn1-tsp';
import { describe, expect, it } from 'vitest';
import { imprintMatches, readTimestampToken, timestampQuery, tokenFromReply } from '../../../src/main/pki/timestamp.js';
import { answerQuery } from '../../../src/main/sandbox/tsa/timestampAuthority.js';
import { SignetError } from '../../../src/shared/errors.js';
import { issue, makeRoot } from '../../vectors/testChain.js';

const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
const tsaKey = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
const root = await makeRoot(rootKey);
const tsa = { certificate: await issue(root, tsaKey, 'CN=Test TSA, O=Signet Test', '30', 'timestamping'), privateKeyPem: tsaKey.export({ type: 'pkcs8', format: 'pem' }) as string };
const signature = Buffer.alloc(139, 0x42);
const NOW = Date.parse('2026-11-30T10:00:00.400Z');

const replyBody = (query: Buffer): Buffer => Buffer.from(answerQuery(query, NOW, tsa).body as Uint8Array);

function refusal(run: () => unknown): SignetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError);
    return error as SignetError;
  }
  throw new Error('expected a refusal');
}

describe('a time-stamp reply', () => {
  it('is taken for the query sent: the token names the time (whole seconds), the policy, and this signature', () => {
    const { query, nonce } = timestampQuery(signature);
    const token = readTimestampToken(tokenFromReply(replyBody(query), signature, nonce));
    expect(token.genTime.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(token.policy).toBe('2.999.3161.1');
    expect(token.nonce?.equals(nonce)).toBe(true);
    expect(token.signer.subject).toBe('CN=Test TSA, O=Signet Test');
    expect(imprintMatches(token, signature)).toBe(true);
    expect(imprintMatches(token, Buffer.alloc(139, 0x43))).toBe(false);
  });

  it('is refused when it answers another query: another nonce, or another signature', () => {
    const { query, nonce } = timestampQuery(signature);
    const otherNonce = refusal(() => tokenFromReply(replyBody(timestampQuery(signature).query), signature, nonce));
    expect(otherNonce.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(otherNonce.detail).toContain('nonce');
    const otherSignature = refusal(() => tokenFromReply(replyBody(query), Buffer.alloc(139, 0x43), nonce));
    expect(otherSignature.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(otherSignature.detail).toContain('something else');
  });

  it('is refused when the TSA says no', () => {
    const refused = refusal(() => tokenFromReply(replyBody(Buffer.from('not a query')), signature, Buffer.alloc(16, 1)));
    expect(refused.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(refused.detail).toContain('refused (status 2');
  });
});

describe('a time-stamp token', () => {
  const { query, nonce } = timestampQuery(signature);
  const token = tokenFromReply(replyBody(query), signature, nonce);

  it('with one byte of its time changed no longer matches its signed message digest', () => {
    const changed = Buffer.from(token);
    const at = changed.indexOf(Buffer.from('20261130100000Z'));
    expect(at).toBeGreaterThan(0);
    changed[at + 3]! ^= 0x01;
    const error = refusal(() => readTimestampToken(changed));
    expect(error.code).toBe('TIMESTAMP_INVALID');
    expect(error.detail).toBe('the signed message digest does not match the TSTInfo');
  });

  it('signed by another key than its certificate is refused', () => {
    const impostor = { ...tsa, privateKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    const forged = tokenFromReplyUnchecked(Buffer.from(answerQuery(query, NOW, impostor).body as Uint8Array));
    const error = refusal(() => readTimestampToken(forged));
    expect(error.code).toBe('TIMESTAMP_INVALID');
    expect(error.detail).toContain('does not verify');
  });

  it('without the TSA certificate (not asked for) is refused', () => {
    const request = AsnConvert.parse(query, TimeStampReq);
    request.certReq = false;
    const bare = tokenFromReplyUnchecked(replyBody(Buffer.from(AsnConvert.serialize(request))));
    const error = refusal(() => readTimestampToken(bare));
    expect(error.code).toBe('TIMESTAMP_INVALID');
    expect(error.detail).toContain('does not carry the certificate');
  });
});

/** The token in a granted reply, without any check (to hand a forged one to readTimestampToken). */
function tokenFromReplyUnchecked(reply: Buffer): Buffer {
  const parsed = AsnConvert.parse(reply, TimeStampResp);
  return Buffer.from(AsnConvert.serialize(parsed.timeStampToken!));
}
