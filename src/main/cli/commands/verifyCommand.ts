// `signet verify EVIDENCE_DIR`: re-checks an evidence folder offline, from the signer
// key pinned on this computer; never contacts AWS.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { authenticHeadline } from '../../../shared/words.js';
import { verifyEvidence } from '../../services/evidence.js';
import { signerKeyLookup } from '../../services/keys.js';
import { cliContext } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

export async function verifyCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new SignetError('USAGE', 'Name one evidence folder to check.');
  const ctx = await cliContext(global);
  const dir = resolve(positionals[0]!);
  const { manifest, signer } = await verifyEvidence(dir, signerKeyLookup(ctx, false));
  const who = manifest.signer.sourceIdentity ?? manifest.signer.sessionArn;
  output.result(
    [
      authenticHeadline(who, manifest.createdAt),
      `Checked offline with the signer's key pinned on this computer on ${signer.learnedAt} (SHA-256 ${signer.fingerprint}).`,
    ],
    { verdict: 'authentic', signer: { keyArn: manifest.signer.keyArn, fingerprint: signer.fingerprint, sessionArn: manifest.signer.sessionArn, sourceIdentity: manifest.signer.sourceIdentity }, sealedAt: manifest.createdAt },
  );
}
