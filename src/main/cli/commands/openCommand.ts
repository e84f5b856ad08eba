// `signet open FILE.signet [-o DIR] [--evidence DIR] [--force]`; also opens the AWS
// blog recipe's message.enc (fileKinds.ts tells the two apart).
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { signerLabel, verdictHeadline } from '../../../shared/words.js';
import { sealedFormatOf } from '../../services/fileKinds.js';
import { openFile } from '../../services/openFile.js';
import { openRecipeMessage } from '../../services/recipe.js';
import { sealedAtText, verdictOf } from '../../services/verdict.js';
import { cliContext, interruptSignal } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

export async function openCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, evidence: { type: 'string' }, force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new SignetError('USAGE', 'Name one .signet file to open.');
  const input = positionals[0]!;
  const destination = resolve(values.output ?? dirname(input));
  const ctx = await cliContext(global);
  if ((await sealedFormatOf(input)) === 'aws-recipe') {
    const recipe = await openRecipeMessage(ctx, input, destination, values.force ?? false);
    output.result(
      [
        `Authentic. The message was signed with ${recipe.signerKeyArn} and has not changed since.`,
        `Saved: ${recipe.written.join(', ')}`,
        `This message uses the AWS blog recipe's format, which records no signer session or time; decrypted with the ${recipe.decryptedWith} key; signer key SHA-256 ${recipe.fingerprint}.`,
      ],
      { verdict: 'authentic', format: 'aws-recipe', released: recipe.written, signerKeyArn: recipe.signerKeyArn, fingerprint: recipe.fingerprint },
    );
    return;
  }
  const { signal, dispose } = interruptSignal();
  try {
    const result = await openFile(ctx, {
      input,
      destination,
      overwrite: values.force ?? false,
      evidence: values.evidence ? resolve(values.evidence) : undefined,
      onProgress: output.progress('Opening'),
      signal,
    });
    output.endProgress();
    const verdict = verdictOf(result);
    const claims = `the sender's own account of the session: ${verdict.signer.sessionArn}${verdict.signer.sourceIdentity ? `, source identity ${verdict.signer.sourceIdentity}` : ''}`;
    output.result(
      [
        verdictHeadline(verdict.verdict, signerLabel(verdict.signer), verdict.sealedAt),
        `${sealedAtText(verdict)}.`,
        `Saved: ${result.released.join(', ')}`,
        ...(result.evidence ? [`Evidence for a third party: ${result.evidence} (see VERIFY.txt there)`] : []),
        ...(verdict.revocationNote ? [`Revocation: ${verdict.revocationNote}.`] : []),
        `Details: signer key ${verdict.signer.keyArn} (SHA-256 ${verdict.signer.fingerprint})${verdict.signer.certified?.email ? `, ${verdict.signer.certified.email}` : ''}; ${claims}; KMS request ${verdict.kmsRequestId}; checked with ${verdict.checkedWith}.`,
      ],
      { verdict: verdict.verdict, released: result.released, details: verdict, evidence: result.evidence, warning: result.warning, warningDetail: result.warningDetail, evidenceLater: result.evidenceLater },
    );
    if (result.warning) output.note(`Warning: ${result.warning}${result.evidenceLater ? ` Or write it without opening again: ${result.evidenceLater}` : ''} (${result.warningDetail})`);
  } catch (error) {
    output.endProgress();
    throw error;
  } finally {
    dispose();
  }
}
