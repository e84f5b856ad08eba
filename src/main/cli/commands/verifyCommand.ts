// `signet verify FILE.signet [--offline] [--evidence DIR]`,
// `signet verify EVIDENCE_DIR [--documents DIR]` and
// `signet verify --detached --message FILE --signature FILE --key PEM|ARN|ALIAS`.
// A seal is decrypted and checked whole again, as `signet open` does but writing
// nothing (receiver access: KMS Decrypt); with --offline only the signature this
// computer kept when it opened the seal is checked, and the output says its contents
// were not read. An evidence folder is checked offline, file by file
// (checkEvidence.ts), and with --documents the opened documents against its signed
// list. A detached signature may name a KMS key, which is fetched and pinned if this
// computer does not know it yet.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { formatWhen, signatureHeadline, signerLabel, verdictHeadline } from '../../../shared/words.js';
import { checkDocuments, type CheckedDocuments } from '../../services/checkDocuments.js';
import { checkEvidence, type EvidenceFileResult } from '../../services/checkEvidence.js';
import { checkSignature } from '../../services/checkSignature.js';
import type { SignetContext } from '../../services/context.js';
import { signerKeyLookup } from '../../services/learnKeys.js';
import { checkReceipt } from '../../services/receipts.js';
import { evidenceFor } from '../../services/openFile.js';
import { openingTrust } from '../../services/trust.js';
import { verdictOf, type CheckedSeal } from '../../services/verdict.js';
import { verifySeal } from '../../services/verifySeal.js';
import { cliContext } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

type Values = { evidence?: string; offline?: boolean; documents?: string };

/** Failures that mean "no access to check every byte now", not "this seal is bad": the offline check may still be possible. */
const NO_ACCESS = new Set(['OFFLINE', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'NEEDS_RECEIVER_ACCESS', 'NOT_FOR_YOU']);

/** One line of the evidence folder's inventory: the file and what it was checked against. */
function fileLine(file: EvidenceFileResult): string {
  const how = file.role === 'checked' ? `checked against ${file.how}` : file.role === 'summary' ? file.how : `not checked — ${file.how}`;
  return `  ${file.name}: ${file.present ? how : `not in the folder (${file.role === 'checked' ? 'needed' : 'not needed'})`}`;
}

function documentLines(documents: CheckedDocuments | undefined): string[] {
  if (!documents) return ['Documents: not checked. Add --documents DIR (the folder they were opened into) to compare each with the signed list.'];
  return [
    `Documents: ${documents.checked.length} checked in ${documents.folder}, each as it was sealed: ${documents.checked.join(', ')}.`,
    ...(documents.extra.length ? [`Also in that folder, not in the seal (not checked): ${documents.extra.join(', ')}.`] : []),
  ];
}

async function verifyEvidenceFolder(ctx: SignetContext, target: string, values: Values, output: Output): Promise<void> {
  if (values.evidence) throw new SignetError('USAGE', '--evidence goes with a .signet file, not an evidence folder.');
  const evidence = await checkEvidence(target, { signerKey: signerKeyLookup(ctx, false), trust: openingTrust(ctx, false), rootSha256: ctx.config.trust?.rootSha256 });
  const verdict = verdictOf(evidence.checked);
  const documents = values.documents ? await checkDocuments(resolve(values.documents), verdict) : undefined;
  const signer = signerLabel(verdict.signer);
  output.result(
    [
      documents ? verdictHeadline(verdict.verdict, signer, verdict.sealedAt) : signatureHeadline(verdict.verdict, signer, verdict.sealedAt),
      `Checked offline from the evidence folder, with ${verdict.checkedWith}.`,
      ...documentLines(documents),
      'In the evidence folder:',
      ...evidence.files.map(fileLine),
      ...evidence.unknown.map((name) => `  ${name}: not part of the evidence — not checked`),
    ],
    {
      verdict: verdict.verdict,
      signer: verdict.signer,
      sealedAt: verdict.sealedAt,
      revocationNote: verdict.revocationNote,
      documents: documents ?? 'not checked',
      evidenceFiles: evidence.files,
      notEvidence: evidence.unknown,
      details: verdict,
    },
  );
}

/** Checks every byte of the seal with receiver access; without access, says how to check what was kept instead. */
async function checkWhole(ctx: SignetContext, target: string, output: Output): Promise<CheckedSeal> {
  const progress = output.progress('Checking');
  try {
    return await verifySeal(ctx, target, { onProgress: progress });
  } catch (error) {
    if (error instanceof SignetError && NO_ACCESS.has(error.code)) {
      throw new SignetError(error.code, `${error.message} Checking every byte of a sealed file needs receiver access. To check only the signature this computer kept when it opened the file (its contents unread), add --offline.`, error.detail);
    }
    throw error;
  } finally {
    output.endProgress();
  }
}

async function verifySealedFile(ctx: SignetContext, target: string, values: Values, output: Output): Promise<void> {
  if (values.documents) throw new SignetError('USAGE', '--documents goes with an evidence folder. A .signet file is checked whole: every file in it is hashed again.');
  const kept = values.offline ? await checkReceipt(ctx, target) : undefined;
  const checked = kept ?? (await checkWhole(ctx, target, output));
  if (values.evidence) await evidenceFor(ctx, resolve(values.evidence), checked);
  const verdict = verdictOf(checked);
  const signer = signerLabel(verdict.signer);
  const lines = kept
    ? [
        signatureHeadline(verdict.verdict, signer, verdict.sealedAt),
        `Checked offline: the signature this computer kept when it opened the file on ${formatWhen(kept.openedAt)} (your time), with ${verdict.checkedWith}.`,
        "The file's contents were not read, so this does not show they are unchanged. Check without --offline (needs receiver access) to read and check every byte.",
      ]
    : [verdictHeadline(verdict.verdict, signer, verdict.sealedAt), `Every byte was decrypted and checked again (nothing was written), with ${verdict.checkedWith}.`];
  output.result(
    [...lines, ...(values.evidence ? [`Evidence for a third party: ${resolve(values.evidence)} (see VERIFY.txt there)`] : [])],
    {
      verdict: verdict.verdict,
      signer: verdict.signer,
      sealedAt: verdict.sealedAt,
      revocationNote: verdict.revocationNote,
      contents: kept ? 'not read' : 'checked',
      openedAt: kept?.openedAt,
      details: verdict,
    },
  );
}

export async function verifyCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      detached: { type: 'boolean' },
      message: { type: 'string' },
      signature: { type: 'string' },
      key: { type: 'string' },
      evidence: { type: 'string' },
      offline: { type: 'boolean' },
      documents: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.detached) {
    if (!values.message || !values.signature || !values.key || positionals.length) {
      throw new SignetError('USAGE', '--detached needs --message, --signature and --key, and no other file.');
    }
    const namesKmsKey = values.key.startsWith('arn:') || values.key.startsWith('alias/');
    // A PEM key is compared with the keys pinned on this computer when there is a configuration; none is needed to check it.
    const ctx = namesKmsKey ? await cliContext(global) : await cliContext(global).catch(() => undefined);
    const result = await checkSignature(ctx, values.message, values.signature, values.key);
    const headline = result.keyKnown
      ? `Authentic. ${values.message} was signed with ${result.keyDescription} and has not changed since.`
      : `${values.message} matches its signature under the key in ${result.keyDescription}, but that key is not one this computer knows for your organisation: this does not show who signed it.`;
    output.result(
      [
        headline,
        `Checked with ${result.how} (SHA-256 ${result.fingerprint}).`,
        ...(result.keyKnown ? [] : ["To know who signed it, check it with your organisation's key: --key KEY_ARN or ALIAS."]),
      ],
      { verdict: result.keyKnown ? 'authentic' : 'matches-unknown-key', key: result.keyDescription, fingerprint: result.fingerprint, checkedWith: result.how, keyKnown: result.keyKnown, keyCameWithMessage: result.keyCameWithMessage },
    );
    return;
  }
  if (positionals.length !== 1) throw new SignetError('USAGE', 'Name one evidence folder or .signet file to check.');
  const ctx = await cliContext(global);
  const target = resolve(positionals[0]!);
  const isFolder = await stat(target).then(
    (s) => s.isDirectory(),
    () => {
      throw new SignetError('INPUT_NOT_FOUND', `${target} doesn't exist.`);
    },
  );
  if (isFolder) await verifyEvidenceFolder(ctx, target, values, output);
  else await verifySealedFile(ctx, target, values, output);
}
