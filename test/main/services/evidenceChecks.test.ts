// How an evidence folder's files are checked (evidenceFolder.ts, checkEvidence.ts), in
// pure code: every file has words for what it is checked against, the reports are the
// only summaries, and verdict.json is compared field by field, the check's own time
// and words aside.
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../../src/main/services/checkEvidence.js';
import { EVIDENCE_CHECKS, EVIDENCE_FILES, hashLines } from '../../../src/main/services/evidenceFolder.js';

describe('the list of evidence files', () => {
  it('says for every file of a version 2 folder how it is checked, and only the reports are summaries', () => {
    for (const check of Object.values(EVIDENCE_CHECKS)) expect(check.how[2].length).toBeGreaterThan(10);
    const summaries = Object.entries(EVIDENCE_CHECKS).filter(([, c]) => c.role === 'summary').map(([key]) => EVIDENCE_FILES[key as keyof typeof EVIDENCE_FILES]);
    expect(summaries.sort()).toEqual(['report.html', 'report.pdf']);
    // A version 1 folder never had the certificates.
    expect(EVIDENCE_CHECKS.signerCertificate.how[1]).toBeUndefined();
  });

  it("writes files.sha256's lines in sha256sum's format", () => {
    expect(hashLines([{ path: 'a b.txt', sha256: 'ab'.repeat(32) }])).toEqual([`${'ab'.repeat(32)}  a b.txt`]);
  });
});

describe('firstDifference', () => {
  const signed = { format: 2, checkedAt: 'then', signer: { certified: { name: 'Alice Example' }, sourceIdentity: undefined }, files: [{ path: 'a', sha256: '1' }] };

  it('finds nothing between equal values, a missing field and an undefined one being the same', () => {
    expect(firstDifference(signed, JSON.parse(JSON.stringify(signed)))).toBeUndefined();
  });

  it('names the first field that differs, inside objects and arrays, and a field added', () => {
    expect(firstDifference(signed, { ...signed, signer: { certified: { name: 'Mallory' } } })).toBe('signer.certified.name');
    expect(firstDifference(signed, { ...signed, files: [{ path: 'a', sha256: '0' }] })).toBe('files[0].sha256');
    expect(firstDifference(signed, { ...signed, files: [...signed.files, { path: 'b', sha256: '2' }] })).toBe('files[1]');
    expect(firstDifference(signed, { ...signed, extra: true })).toBe('extra');
    expect(firstDifference(signed, 'not an object')).toBe('(the whole file)');
  });

  it('skips the named top-level fields', () => {
    expect(firstDifference(signed, { ...signed, checkedAt: 'now' }, '', new Set(['checkedAt']))).toBeUndefined();
    expect(firstDifference(signed, { ...signed, checkedAt: 'now' })).toBe('checkedAt');
  });
});
