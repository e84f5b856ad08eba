// The report and the activity log show strings from seals and files through
// visibleText: a character that could hide or reorder what they say is written as its
// code point.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivity, recordActivity, withActivity } from '../../../src/main/services/activity.js';
import { SignetError } from '../../../src/shared/errors.js';
import type { SealVerdict } from '../../../src/shared/ipc.js';
import { renderHtml } from '../../../src/main/services/report.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'signet-report-activity-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

const verdict: SealVerdict = {
  verdict: 'claimed-name',
  format: 1,
  sealedAt: '2026-11-28T10:42:00.000Z',
  checkedAt: '2026-11-28T11:00:00.000Z',
  signer: {
    keyArn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000a1',
    fingerprint: 'f'.repeat(64),
    sessionArn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
    sourceIdentity: 'alice\u202eecila',
    accountId: '111122223333',
  },
  kmsRequestId: 'req\x1b[2K',
  recipients: [{ name: 'Legal\u2028Finance', keyArn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000b1' }],
  files: [{ path: 'memo.txt', size: 3, sha256: 'a'.repeat(64) }],
  checkedWith: "the signer's key pinned on this computer",
};

describe('the report', () => {
  it('shows the signer, request id and recipient names as visible text', () => {
    const html = renderHtml(verdict, { unsigned: "your organisation's configuration names no report-signing key" });
    expect(html).toContain('It says it was sealed by alice&#60;U+202E&#62;ecila;');
    expect(html).toContain('req&#60;U+001B&#62;[2K');
    expect(html).toContain('Legal&#60;U+2028&#62;Finance');
    for (const raw of ['\u202e', '\u2028', '\x1b']) expect(html).not.toContain(raw);
  });
});

describe('the activity log', () => {
  it('keeps summaries as visible text', async () => {
    await recordActivity(home, { action: 'opened', summary: 'memo.txt.signet: authentic, sealed by ev\x1b[2Kil\u202e' });
    expect((await listActivity(home))[0]!.summary).toBe('memo.txt.signet: authentic, sealed by ev<U+001B>[2Kil<U+202E>');
    expect(await readFile(join(home, 'activity.jsonl'), 'utf8')).not.toMatch(/\u202e|\\u001b/);
  });

  it("records an open's receipt id with its entry, so the window can show the verdict again; a refusal names none", async () => {
    const own = await mkdtemp(join(tmpdir(), 'signet-activity-receipt-'));
    try {
      const receipt = 'b'.repeat(64);
      await withActivity(own, 'memo.txt.signet', 'opened', async () => 'authentic', (v) => `memo.txt.signet: ${v}`, () => receipt);
      await withActivity(own, 'other.signet', 'opened', () => Promise.reject(new SignetError('TAMPERED')), () => 'never', () => receipt).catch(() => undefined);
      const [refused, opened] = await listActivity(own);
      expect(opened).toMatchObject({ action: 'opened', summary: 'memo.txt.signet: authentic', receipt });
      expect(refused).toMatchObject({ action: 'refused', summary: 'other.signet', code: 'TAMPERED' });
      expect(refused!.receipt).toBeUndefined();
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
