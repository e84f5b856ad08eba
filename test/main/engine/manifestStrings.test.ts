// Strings a seal carries (the signer's session and source identity, recipients' names
// and key ARNs) must have their AWS shape or be plain labels: a seal signed by the
// real signer key whose strings carry terminal escapes is refused with nothing
// released, and sealing refuses to make such a seal in the first place.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD, blobRecord, fileRecordHeader } from '../../../src/main/format/container.js';
import { encodeCanonical, manifestDigest, type ManifestV1, type SignatureBlock } from '../../../src/main/format/manifest.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal } from '../../../src/main/engine/seal.js';
import { SignetError } from '../../../src/shared/errors.js';
import { craftSeal } from '../../support/craft.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';

const ERASE_LINE = '\r\x1b[2K';
const signer = localSigner();
const content = Buffer.from('quarterly figures\n');
let work: string;
let legal: LocalRecipient;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-manifest-strings-'));
  legal = localRecipient('Legal', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000b1');
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A seal for Legal whose manifest is `change(an honest manifest)`, correctly signed by the signer's key. */
async function signedSeal(change: (manifest: ManifestV1) => ManifestV1): Promise<Buffer> {
  const honest: ManifestV1 = {
    format: 'signet-manifest/1',
    createdAt: '2026-11-28T10:42:00.000Z',
    signer: { ...signer.identity, signingAlgorithm: 'ECDSA_SHA_512' },
    recipients: [{ name: 'Legal', keyArn: legal.keyArn }],
    entries: [{ type: 'file', path: 'figures.txt', size: content.length, sha256: createHash('sha256').update(content).digest('hex') }],
  };
  const manifestBytes = encodeCanonical(change(honest));
  const { signature, requestId } = await signer.sign(manifestDigest(manifestBytes));
  const block: SignatureBlock = {
    format: 'signet-signature/1',
    keyArn: signer.identity.keyArn,
    signingAlgorithm: 'ECDSA_SHA_512',
    messageType: 'DIGEST',
    signature: signature.toString('base64'),
    kmsRequestId: requestId,
  };
  const container = Buffer.concat([
    fileRecordHeader('figures.txt', content.length),
    content,
    blobRecord(RECORD.manifest, manifestBytes),
    blobRecord(RECORD.signature, encodeCanonical(block)),
  ]);
  return craftSeal(container, [legal]);
}

let n = 0;
/** Opens `bytes` as Legal into a fresh folder: the error (if any) and what the folder holds afterwards. */
async function openAsLegal(bytes: Buffer): Promise<{ error: unknown; left: string[] }> {
  const dir = join(work, `case-${n++}`);
  await mkdir(dir);
  await writeFile(join(dir, 'in.signet'), bytes);
  const error = await openSealed({ input: join(dir, 'in.signet'), destination: join(dir, 'out'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, left: (await readdir(dir)).sort() };
}

describe('opening a correctly signed seal whose strings carry terminal escapes', () => {
  it('opens the honest seal these cases are built from', async () => {
    expect(await openAsLegal(await signedSeal((m) => m))).toEqual({ error: undefined, left: ['in.signet', 'out'] });
  });

  it.each([
    ['source identity', (m: ManifestV1): ManifestV1 => ({ ...m, signer: { ...m.signer, sourceIdentity: `alice${ERASE_LINE}bob` } }), 'signer.sourceIdentity'],
    ['session ARN', (m: ManifestV1): ManifestV1 => ({ ...m, signer: { ...m.signer, sessionArn: `arn:aws:sts::111122223333:assumed-role/SignetSender/alice${ERASE_LINE}` } }), 'signer.sessionArn'],
    ['recipient key ARN', (m: ManifestV1): ManifestV1 => ({ ...m, recipients: [...m.recipients, { name: 'Finance', keyArn: `arn:aws:kms:us-east-1:111122223333:key/x${ERASE_LINE}` }] }), 'recipients.1.keyArn'],
    ['recipient name', (m: ManifestV1): ManifestV1 => ({ ...m, recipients: [{ name: `Legal${ERASE_LINE}Everyone`, keyArn: legal.keyArn }] }), 'recipients.0.name'],
    ['recipient name (direction override)', (m: ManifestV1): ManifestV1 => ({ ...m, recipients: [{ name: 'Legal\u202e', keyArn: legal.keyArn }] }), 'recipients.0.name'],
  ])('refuses an escape in the %s as a malformed manifest, releasing nothing', async (_what, change, field) => {
    const { error, left } = await openAsLegal(await signedSeal(change));
    expect(left).toEqual(['in.signet']);
    expect(error).toBeInstanceOf(SignetError);
    expect((error as SignetError).code).toBe('TAMPERED');
    expect((error as SignetError).detail).toContain(`the manifest is malformed: ${field}:`);
  });
});

describe('sealing with strings opening would refuse', () => {
  it.each([
    ['a source identity with a terminal escape', { sourceIdentity: `alice${ERASE_LINE}` }],
    ['a session ARN that is not an assumed-role ARN', { sessionArn: 'arn:aws:iam::111122223333:user/alice' }],
    ['a signing key given by alias', { keyArn: 'alias/signet-signing' }],
  ])('refuses %s before reading anything, and writes nothing', async (_what, change) => {
    const dir = join(work, `seal-${n++}`);
    await mkdir(dir);
    await writeFile(join(dir, 'figures.txt'), content);
    const error = await seal({ inputs: [join(dir, 'figures.txt')], output: join(dir, 'figures.signet'), recipients: [legal], signer: { ...signer.identity, ...change }, sign: signer.sign }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SignetError);
    expect((error as SignetError).code).toBe('SERVICE_ERROR');
    expect(await readdir(dir)).toEqual(['figures.txt']);
  });

  it('refuses a recipient name with a control character', async () => {
    const dir = join(work, `seal-${n++}`);
    await mkdir(dir);
    await writeFile(join(dir, 'figures.txt'), content);
    const error = await seal({ inputs: [join(dir, 'figures.txt')], output: join(dir, 'figures.signet'), recipients: [{ ...legal, name: `Legal${ERASE_LINE}` }], signer: signer.identity, sign: signer.sign }).catch((e: unknown) => e);
    expect((error as SignetError).code).toBe('SERVICE_ERROR');
    expect((error as SignetError).detail).toBe('recipients.0.name: must be 1 to 100 characters with no control or invisible ones');
    expect(await readdir(dir)).toEqual(['figures.txt']);
  });
});
