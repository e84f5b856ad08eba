// `signet verify EVIDENCE_DIR | FILE.signet` and
// `signet verify --detached --message FILE --signature FILE --key PEM|ARN|ALIAS`.
// Evidence folders and seals opened before are checked offline — against the
// organisation's root and this computer's revocation lists (version 2), or its pinned
// organisation key (version 1); nothing is decrypted and AWS is not contacted. A detached signature may name a KMS
// key, which is fetched and pinned if this computer does not know it yet.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { signerLabel, verdictHeadline } from '../../../shared/words.js';
import { checkEvidence } from '../../services/checkEvidence.js';
import { checkSignature } from '../../services/checkSignature.js';
import { signerKeyLookup } from '../../services/learnKeys.js';
import { checkReceipt } from '../../services/receipts.js';
import { evidenceFor } from '../../services/openFile.js';
import { openingTrust } from '../../services/trust.js';
import { verdictOf } from '../../services/verdict.js';
import { cliContext } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

export async function verifyCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { detached: { type: 'boolean' }, message: { type: 'string' }, signature: { type: 'string' }, key: { type: 'string' }, evidence: { type: 'string' } },
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
  if (isFolder && values.evidence) throw new SignetError('USAGE', '--evidence goes with a .signet file this computer opened before.');
  const { checked, how } = isFolder
    ? { checked: await checkEvidence(target, signerKeyLookup(ctx, false), openingTrust(ctx, false)), how: 'from the evidence folder' }
    : await checkReceipt(ctx, target).then(async (kept) => {
        if (values.evidence) await evidenceFor(ctx, resolve(values.evidence), kept);
        return { checked: kept, how: `from what this computer kept when it opened the file on ${kept.openedAt}` };
      });
  const verdict = verdictOf(checked);
  output.result(
    [
      verdictHeadline(verdict.verdict, signerLabel(verdict.signer), verdict.sealedAt),
      `Checked offline ${how}, with ${verdict.checkedWith}.`,
      ...(values.evidence ? [`Evidence for a third party: ${resolve(values.evidence)} (see VERIFY.txt there)`] : []),
    ],
    { verdict: verdict.verdict, signer: verdict.signer, sealedAt: verdict.sealedAt, revocationNote: verdict.revocationNote, details: verdict },
  );
}
