// Each command's usage, written once: `signet help`, `signet COMMAND --help`, the line
// under a usage error and the README's command list (a test compares them) all come
// from this table.
import { defaultSandboxDir } from '../platform/appData.js';

interface CommandUsage {
  /** The command's forms: what to type, and what it does (when it needs saying). */
  forms: [synopsis: string, purpose?: string][];
  /** Options explained, printed by `signet help COMMAND` only. */
  more?: string[];
  example: string;
  /** The CLI's own words after an OUTPUT_EXISTS message, which the app shares with buttons. */
  ifExists?: string;
}

export const COMMAND_USAGE: Record<string, CommandUsage> = {
  demo: { forms: [['signet demo [PATH…]', 'a ten-second tour on a throw-away sandbox']], example: 'signet demo report.pdf' },
  login: { forms: [['signet login [--user NAME]', 'sign in with IAM Identity Center (--user: a demo person, sandbox only)']], example: 'signet login' },
  whoami: { forms: [['signet whoami', 'who is signed in, with which access']], example: 'signet whoami' },
  logout: { forms: [['signet logout', 'sign out and delete the sign-in tokens']], example: 'signet logout' },
  seal: {
    forms: [['signet seal --to NAME[,NAME…] [-o OUT] [--force] PATH…']],
    more: ['--to NAME   who may open it: people or teams from the organisation configuration', '-o OUT      the sealed file to write (default: NAME.signet beside the first input)', '--force     replace OUT if it exists'],
    example: 'signet seal --to Legal report.pdf',
    ifExists: 'Replace it with --force, or choose another name with -o.',
  },
  open: {
    forms: [['signet open FILE.signet [-o DIR] [--evidence DIR] [--force]']],
    more: ['-o DIR           where to put what the seal holds (default: the .signet file’s folder)', '--evidence DIR   also write an evidence folder a third party can check offline', '--force          replace a file or folder of the same name'],
    example: 'signet open report.pdf.signet -o opened --evidence evidence',
    ifExists: 'If the seal holds something of that name, replace it with --force, or open it into another folder with -o.',
  },
  verify: {
    forms: [
      ['signet verify FILE.signet [--offline] [--evidence DIR]', 'decrypt and check every byte again, writing nothing'],
      ['signet verify EVIDENCE_DIR [--documents DIR]', 'check an evidence folder offline, file by file'],
      ['signet verify --detached --message FILE --signature FILE --key PEM_FILE|KEY_ARN|ALIAS'],
    ],
    more: [
      'A .signet file is checked as `signet open` checks it (receiver access), and nothing is written.',
      '--offline          a .signet file: check only the signature this computer kept when it opened it; its contents are not read',
      '--evidence DIR     a .signet file: also write an evidence folder a third party can check',
      '--documents DIR    an evidence folder: also compare each document, in the folder it was opened into, with the signed list',
    ],
    example: 'signet verify evidence --documents opened',
  },
  keys: {
    forms: [
      ['signet keys list|refresh', 'the public keys this computer has pinned (version 1 seals, AWS recipe messages)'],
      ['signet keys accept-rotation ALIAS', 'an administrator accepts that an alias now names a new key'],
    ],
    example: 'signet keys list',
  },
  trust: {
    forms: [
      ['signet trust import FILE', 'the trust file from IT: certificates and revocation lists, for computers that are never online'],
      ['signet trust refresh | show', 'fetch the current trust file; what this computer trusts'],
    ],
    example: 'signet trust import signet.signet-trust',
  },
  admin: {
    forms: [
      ['signet admin enrol USER --name NAME --email ADDRESS --team TEAM', 'IT: a person\'s own signing key and certificate'],
      ['signet admin certify-team TEAM', 'IT: a certificate for a recipient team\'s key'],
      ['signet admin certify-reports', 'IT: a certificate for the key that signs evidence reports'],
      ['signet admin revoke USER | --team TEAM [--reason WHY]', 'IT: a person leaves or a key is lost'],
      ['signet admin export FILE [--force]', 'IT: the trust file laptops import (root, CA, certificates, CRLs)'],
      ['signet admin doctor [--at DATE]', 'IT: check the deployment; what is wrong and how to fix it (exit 3 unsafe, 4 missing)'],
      ['signet admin config FILE --stack NAME --region REGION --sso-start-url URL [--timestamps URL] [--force]', 'IT: the configuration staff receive, from the deployed stack'],
    ],
    more: [
      'Run with an administrator\'s AWS profile: signet --profile NAME admin …',
      '--ca ARN              the Private CA that issues Signet\'s certificates (default: the only active subordinate CA)',
      '--reason WHY          left (default), lost, compromised, superseded or changed-team',
      '--force               export, config: replace FILE if it exists',
      '--at DATE             doctor: check as of DATE, with what is published now (are the CRLs still fresh then?)',
      '--stack NAME          config: the CloudFormation stack made from deploy/signet.yaml (its outputs name roles, keys, teams, CA)',
      '--timestamps URL      config: the RFC 3161 time-stamping authority every seal asks (trust.timestamps)',
      '--organisation NAME   config, without --stack: the organisation\'s name',
      '--recipient TEAM      config, without --stack: a recipient team whose key is alias/signet-TEAM (repeat for each team)',
      '--permission-set NAME config, without --stack: the Identity Center permission set people sign in with (default SignetUser)',
      '--endpoint URL        config: one address for every service (the sandbox)',
      '--trust-updates URL   config: where you publish the trust file (trust.updates)',
    ],
    example: 'signet admin enrol dana --name "Dana Example" --email dana@example.org --team Finance',
  },
  sandbox: {
    forms: [
      ['signet sandbox [--dir DIR] [--port N]', 'the local stand-in for AWS'],
      ['signet sandbox root-sign [--dir DIR] --csr FILE -o FILE', "the offline root signs a subordinate CA's CSR"],
      ['signet sandbox root-crl [--dir DIR]', 'the offline root re-issues its CRL'],
    ],
    more: [
      'Runs a local stand-in for AWS KMS, STS, IAM Identity Center and AWS Private CA on 127.0.0.1.',
      'root-sign and root-crl are the root ceremony: run on this machine, never over HTTP; the sandbox may be running.',
      `--dir DIR    where its state lives (default: ${defaultSandboxDir()})`,
      '--port N     port to listen on; 0 picks a free one (default: the previous port if free)',
      "--csr FILE   root-sign: the subordinate CA's CSR (PEM or DER), e.g. from aws acm-pca get-certificate-authority-csr",
      '-o FILE      root-sign: the certificate to write (PEM); never replaced if it exists',
    ],
    example: 'signet sandbox --dir ./demo-sandbox',
  },
};

const COLUMN = 45;
const formLine = ([synopsis, purpose]: [string, string?]): string =>
  purpose === undefined ? synopsis : `${synopsis.length < COLUMN ? synopsis.padEnd(COLUMN) : `${synopsis}   `}${purpose}`;

/** Every command's forms with what they do: the list in `signet help` and in the README. */
export const commandList = (): string =>
  Object.values(COMMAND_USAGE)
    .flatMap((u) => u.forms.map(formLine))
    .join('\n');

/** "Usage: signet seal …", one line a form: what a usage error prints under its message. */
export const usageLines = (command: string): string | undefined =>
  COMMAND_USAGE[command]?.forms.map(([synopsis], i) => `${i === 0 ? 'Usage: ' : '       '}${synopsis}`).join('\n');

/** `signet help COMMAND`: its forms, its options and one example. */
export function commandHelp(command: string): string | undefined {
  const usage = COMMAND_USAGE[command];
  if (!usage) return undefined;
  const forms = usage.forms.map((form, i) => `${i === 0 ? 'Usage: ' : '       '}${formLine(form)}`);
  return [...forms, ...(usage.more ? ['', ...usage.more] : []), '', `Example: ${usage.example}`].join('\n');
}

export const commandNames = (): string => Object.keys(COMMAND_USAGE).join(', ');

export const USAGE = `Usage: signet [--config FILE] [--profile NAME] [--json] COMMAND …

  ${commandList().split('\n').join('\n  ')}

--config FILE   the organisation configuration (default: SIGNET_CONFIG, then signet.json in Signet's folder)
--profile NAME  use this AWS profile instead of IAM Identity Center
--json          print one JSON object
Per-person state lives in SIGNET_HOME (default: the app-data folder).

Exit codes: 0 success · 2 usage or configuration error · 3 not authentic · 4 not allowed · 5 other failure

Example: signet demo
Run "signet help COMMAND" for one command's options and an example.`;
