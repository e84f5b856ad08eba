// `signet demo [PATH…]`: the ten-second tour. Starts a throw-away sandbox, signs in as
// the demo sender, seals the given files (or a sample document) for Legal, signs in as
// a Legal receiver, opens the seal with an evidence folder, and says what happened,
// how long each step took and where everything is — through the same services as the
// real commands.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { signerLabel, verdictHeadline } from '../../../shared/words.js';
import { loadOrgConfig } from '../../config/orgConfig.js';
import { startSandbox } from '../../sandbox/index.js';
import { createContext } from '../../services/context.js';
import { openFile } from '../../services/openFile.js';
import { sealOutputFor } from '../../services/outputNames.js';
import { sealFiles } from '../../services/sealFiles.js';
import { verdictOf } from '../../services/verdict.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';
import { signInForCli } from './identityCommands.js';

const SAMPLE = `Supply agreement — draft 3

Between Example Org and Example Supplier Ltd. Price: 120,000 EUR a year.
This sample stands in for a sensitive document in the Signet demo.
`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

export async function demoCommand(_global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const root = await mkdtemp(join(tmpdir(), 'signet-demo-'));
  const [sandbox, startMs] = await timed(() => startSandbox({ dir: join(root, 'sandbox'), faults: [] }));
  try {
    output.note(`1. Started a throw-away sandbox standing in for AWS at ${sandbox.url} (${startMs} ms)`);
    const config = await loadOrgConfig(sandbox.configPath);
    let inputs = positionals;
    if (inputs.length === 0) {
      await mkdir(join(root, 'documents'));
      inputs = [join(root, 'documents', 'supply-agreement.txt')];
      await writeFile(inputs[0]!, SAMPLE);
    }
    const alice = await createContext(config, join(root, 'alice'));
    const [, aliceMs] = await timed(() => signInForCli(alice, output, 'alice'));
    output.note(`2. Signed in as alice, who has sender access (${aliceMs} ms)`);
    await mkdir(join(root, 'sealed'));
    const sealedPath = await sealOutputFor(inputs, { folder: join(root, 'sealed') });
    const [sealed, sealMs] = await timed(() => sealFiles(alice, { inputs, to: ['Legal'], output: sealedPath }));
    output.note(`3. Sealed ${inputs.map((i) => basename(i)).join(', ')} for Legal with one KMS Sign call: ${sealed.output} (${sealMs} ms)`);
    const bob = await createContext(config, join(root, 'bob'));
    const [, bobMs] = await timed(() => signInForCli(bob, output, 'bob'));
    output.note(`4. Signed in as bob, of Legal, who has receiver access (${bobMs} ms)`);
    const [opened, openMs] = await timed(() => openFile(bob, { input: sealed.output, destination: join(root, 'opened-by-bob'), evidence: join(root, 'evidence') }));
    output.note(`5. Opened it as bob (${openMs} ms)`);
    const verdict = verdictOf(opened);
    output.result(
      [
        '',
        verdictHeadline(verdict.verdict, signerLabel(verdict.signer), verdict.sealedAt),
        `Opened files: ${opened.released.join(', ')}`,
        `Everything is in ${root}:`,
        `  sealed/          the .signet file`,
        `  opened-by-bob/   what bob opened`,
        `  evidence/        proof for a third party; VERIFY.txt has the OpenSSL commands`,
        `  sandbox/         the sandbox's state and audit.jsonl (its CloudTrail)`,
        `Try it yourself: npx signet --config ${sandbox.configPath} login --user carol (the sandbox must be running: npx signet sandbox --dir ${join(root, 'sandbox')})`,
      ],
      { root, sealed: sealed.output, released: opened.released, evidence: join(root, 'evidence'), verdict, timingsMs: { sandbox: startMs, signInSender: aliceMs, seal: sealMs, signInReceiver: bobMs, open: openMs } },
    );
  } finally {
    await sandbox.close();
  }
}
