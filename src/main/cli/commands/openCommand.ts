// `signet open FILE.signet [-o DIR] [--evidence DIR] [--force]`
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { authenticHeadline } from '../../../shared/words.js';
import { verdictOf } from '../../services/evidence.js';
import { openFor } from '../../services/opening.js';
import { readHeader } from '../../engine/open.js';
import { isRecipeMessage, openRecipeMessage } from '../../services/recipe.js';
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
  const sealed = await readHeader(input).then(
    () => true,
    async (error: unknown) => {
      if (error instanceof SignetError && error.code === 'NOT_A_SIGNET_FILE' && (await isRecipeMessage(input))) return false;
      throw error;
    },
  );
  if (!sealed) {
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
    const result = await openFor(ctx, {
      input,
      destination,
      overwrite: values.force ?? false,
      ...(values.evidence ? { evidence: resolve(values.evidence) } : {}),
      onProgress: output.progress('Opening'),
      signal,
    });
    output.endProgress();
    const verdict = verdictOf(result);
    const who = verdict.signer.sourceIdentity ?? verdict.signer.sessionArn;
    output.result(
      [
        authenticHeadline(who, verdict.sealedAt),
        `Saved: ${result.released.join(', ')}`,
        ...(result.evidence ? [`Evidence for a third party: ${result.evidence} (see VERIFY.txt there)`] : []),
        `Details: signer key ${verdict.signer.keyArn} (SHA-256 ${verdict.signer.fingerprint}), session ${verdict.signer.sessionArn}, KMS request ${verdict.kmsRequestId}; checked with ${verdict.checkedWith}.`,
      ],
      { verdict: 'authentic', released: result.released, details: verdict, evidence: result.evidence, warning: result.warning },
    );
    if (result.warning) output.note(`Warning: ${result.warning}`);
  } catch (error) {
    output.endProgress();
    throw error;
  } finally {
    dispose();
  }
}
