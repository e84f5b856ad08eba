// The shapes a seal's strings must have (src/main/format/shapes.ts), with ARNs as AWS
// and the sandbox issue them in every partition, and with strings crafted to steer a
// terminal; the header parser refusing a stanza whose key is not a KMS key ARN; and
// visibleText, through which such strings are shown.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STANZA_KMS_RSA_OAEP_256, magic } from '../../../src/main/format/constants.js';
import { parseHeader } from '../../../src/main/format/header.js';
import { visibleName, visibleText } from '../../../src/main/format/names.js';
import { ASSUMED_ROLE_ARN, KMS_KEY_ARN, KMS_KEY_REFERENCE, STS_SESSION_NAME, isPlainLabel, isPlainText } from '../../../src/main/format/shapes.js';
import { SignetError } from '../../../src/shared/errors.js';

const GOOD_KEY_ARNS = [
  'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1',
  `arn:aws:kms:eu-west-1:111122223333:key/${randomUUID()}`, // as the sandbox makes them
  'arn:aws:kms:ap-southeast-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab',
  'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws-iso-b:kms:us-isob-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
];
const BAD_KEY_ARNS = [
  '',
  'arn:aws:kms:us-east-1:111122223333:alias/signet-signing',
  'alias/signet-signing',
  'arn:aws:kms:us-east-1:11112222333:key/00000000-0000-4000-8000-0000000000a1',
  'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000A1',
  'arn:aws:kms::111122223333:key/00000000-0000-4000-8000-0000000000a1',
  'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
  'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1\n',
  'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1\r\x1b[2K',
  'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1\u202e',
  'arn:evil:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1',
];
const GOOD_SESSION_ARNS = [
  'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
  'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_SignetUser_0123456789abcdef/alice', // the sandbox's Identity Center session
  'arn:aws:sts::111122223333:assumed-role/SignetReceiver/bob.smith@example.com',
  'arn:aws-us-gov:sts::123456789012:assumed-role/SignetSender/alice',
  'arn:aws-cn:sts::123456789012:assumed-role/SignetSender/alice',
];
const BAD_SESSION_ARNS = [
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:iam::111122223333:role/SignetSender',
  'arn:aws:sts::111122223333:assumed-role/SignetSender/a',
  'arn:aws:sts::111122223333:assumed-role/SignetSender/alice/extra',
  'arn:aws:sts:us-east-1:111122223333:assumed-role/SignetSender/alice',
  'arn:aws:sts::1:assumed-role/R/alice',
  'arn:aws:sts::111122223333:assumed-role/SignetSender/alice\r\x1b[2Kbob',
  'arn:aws:sts::111122223333:assumed-role/Signet Sender/alice',
  `arn:aws:sts::111122223333:assumed-role/SignetSender/${'a'.repeat(65)}`,
];

describe('KMS key ARNs', () => {
  it.each(GOOD_KEY_ARNS)('accepts %s', (arn) => {
    expect(KMS_KEY_ARN.test(arn)).toBe(true);
    expect(KMS_KEY_REFERENCE.test(arn)).toBe(true);
  });
  it.each(BAD_KEY_ARNS.map((arn) => [JSON.stringify(arn), arn]))('refuses %s', (_shown, arn) => {
    expect(KMS_KEY_ARN.test(arn)).toBe(false);
  });
  it('takes aliases only as a key reference (as a configuration names a key), never as the key ARN a seal records', () => {
    for (const alias of ['alias/signet-signing', 'arn:aws:kms:us-east-1:111122223333:alias/signet-legal', 'arn:aws-cn:kms:cn-north-1:123456789012:alias/team/legal']) {
      expect(KMS_KEY_REFERENCE.test(alias)).toBe(true);
      expect(KMS_KEY_ARN.test(alias)).toBe(false);
    }
    for (const bad of ['alias/', 'alias/legal\x1b[2K', 'arn:aws:kms:us-east-1:111122223333:alias/legal team', 'signet-signing']) expect(KMS_KEY_REFERENCE.test(bad)).toBe(false);
  });
});

describe('assumed-role session ARNs', () => {
  it.each(GOOD_SESSION_ARNS)('accepts %s', (arn) => expect(ASSUMED_ROLE_ARN.test(arn)).toBe(true));
  it.each(BAD_SESSION_ARNS.map((arn) => [JSON.stringify(arn), arn]))('refuses %s', (_shown, arn) => expect(ASSUMED_ROLE_ARN.test(arn)).toBe(false));
});

describe('STS session names and source identities', () => {
  it.each(['alice', 'bob.smith@example.com', 'a_b+c=d,e-f', 'x'.repeat(64)])('accepts %s', (name) => expect(STS_SESSION_NAME.test(name)).toBe(true));
  it.each(['a', 'x'.repeat(65), 'alice\r\x1b[2Kbob', 'alice bob', 'alice\u200b', 'álvaro', 'alice\n'].map((name) => [JSON.stringify(name), name]))('refuses %s', (_shown, name) =>
    expect(STS_SESSION_NAME.test(name)).toBe(false),
  );
});

describe('plain labels and plain text', () => {
  it('accepts names as people write them, in any script', () => {
    for (const name of ['Legal', 'Finance & Tax (EMEA)', 'Юридический отдел', '法務部', 'Équipe juridique']) expect(isPlainLabel(name, 100)).toBe(true);
  });
  it('refuses empty, over-long, control, format, separator and unpaired surrogate characters', () => {
    for (const bad of ['', 'x'.repeat(101), 'Legal\x1b[2K', 'Legal\r', 'Legal\u0085', 'Legal\u202e', 'Le\u200bgal', 'Legal\u2028', 'Legal\ud800']) expect(isPlainLabel(bad, 100)).toBe(false);
  });
  it('plain text may be empty but is bounded the same way', () => {
    expect(isPlainText('', 128)).toBe(true);
    expect(isPlainText('local-test-request', 128)).toBe(true);
    expect(isPlainText('x'.repeat(129), 128)).toBe(false);
    expect(isPlainText('id\x1b]0;owned\x07', 128)).toBe(false);
  });
});

/** A header with one stanza naming `keyArn`; the MAC is zeros, as parsing comes before it is checked. */
function headerNaming(keyArn: string): Buffer {
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const arn = Buffer.from(keyArn, 'utf8');
  const body = Buffer.concat([Buffer.alloc(16), u16(1), Buffer.from([STANZA_KMS_RSA_OAEP_256]), u16(arn.length), arn, u16(256), Buffer.alloc(256, 1)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([magic(1), length, body, Buffer.alloc(32)]);
}

describe('header stanzas', () => {
  it('parses a stanza naming a KMS key ARN', () => {
    expect(parseHeader(headerNaming(GOOD_KEY_ARNS[3]!)).stanzas[0]!.keyArn).toBe(GOOD_KEY_ARNS[3]);
  });
  it.each([
    ['a terminal escape', `${GOOD_KEY_ARNS[0]}\r\x1b[2K`],
    ['an alias', 'alias/signet-legal'],
    ['free text', 'Legal'],
  ])('refuses a stanza whose key ARN has %s, as a malformed header', (_what, keyArn) => {
    let error: unknown;
    try {
      parseHeader(headerNaming(keyArn));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SignetError);
    expect((error as SignetError).code).toBe('TAMPERED');
    expect((error as SignetError).detail).toBe('malformed header: a recipient key is not a KMS key ARN');
  });
});

describe('visibleText', () => {
  it('writes control, format and separator characters as their code points and leaves the rest', () => {
    expect(visibleText('alice\r\x1b[2Kbob')).toBe('alice<U+000D><U+001B>[2Kbob');
    expect(visibleText('x\u009b31m\u202e\u2028\u{e0001}')).toBe('x<U+009B>31m<U+202E><U+2028><U+E0001>');
    expect(visibleText('Юридический отдел, 法務部 — ok')).toBe('Юридический отдел, 法務部 — ok');
  });
  it('shows a name exactly as visibleName does', () => {
    for (const name of ['invoice\u202efdp.exe', 'a\tb', 'plain.txt', 'family\u200d.png']) expect(visibleName(name)).toBe(visibleText(name));
  });
});
