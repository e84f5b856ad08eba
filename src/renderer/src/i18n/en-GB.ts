// Every word the window shows, in British English: the source catalogue. Each other
// language (de.ts) is checked against this one's type, so a word missing there does not
// compile. Words with values are functions; plurals go through Intl.PluralRules.
import { ERRORS, type ErrorCode } from '../../../shared/errors.js';
import { pluralsOf } from './plural.js';
import { rich, type Rich } from './rich.js';

const plural = pluralsOf('en-GB');

/** What each error code means, in the words the CLI also uses (src/shared/errors.ts). */
const errors = Object.fromEntries(Object.entries(ERRORS).map(([code, info]) => [code, info.message])) as Record<ErrorCode, string>;

export const enGB = {
  /** The language tag for `<html lang>`, and for dates and numbers unless the system names a regional variant. */
  locale: 'en-GB',

  // Dates and sizes
  dateAtTime: (date: string, time: string) => `${date} at ${time}`,
  yourTime: (when: string) => `${when} (your time)`,

  // The window (App.svelte)
  tabMain: 'Seal and open',
  tabTrust: 'Trust',
  tabActivity: 'Activity',
  tabHelp: 'Help',
  sections: 'Sections',
  starting: 'Starting Signet…',
  offlineBanner:
    "You're offline. Sealing and opening need a connection; you can still drop evidence folders and signatures below to check them, and import the trust file from IT.",
  yourOrganisation: 'your organisation',
  sealing: 'Sealing',
  opening: 'Opening',
  openingName: (name: string) => `Opening ${name}`,

  // Who is signed in (IdentityBar.svelte)
  whoIsSignedIn: 'Who is signed in',
  brand: 'Signet',
  demoMode: 'Demo mode',
  demoStandIn: 'a stand-in for AWS on this computer',
  signedInAs: 'Signed in as',
  canSealAndOpen: 'can seal and open',
  canSeal: 'can seal',
  canOpen: 'can open',
  noAccessYet: 'no access yet',
  signInExpired: 'sign-in expired',
  signedInUntil: (time: string) => `signed in until ${time}, renewed while you use Signet`,
  signOut: 'Sign out',

  // Signing in (SignIn.svelte)
  signInTo: (organisation: string) => `Sign in to ${organisation}`,
  demoIntro: 'This is a demo: Signet is using a stand-in for AWS on this computer. Choose who you want to be.',
  signInAsPerson: (name: string) => `Sign in as ${name}`,
  signInThroughBrowser: "Signet signs you in through your organisation's sign-in page in your browser.",
  signIn: 'Sign in',
  signInAgain: 'Sign in again',
  waitingForBrowser: 'Waiting for your browser. Check that the page shows this code:',
  signingIn: 'Signing in…',

  // Dropping and choosing files (DropZone.svelte, dropped.ts)
  checkOrImportTitle: 'Check evidence or import files from IT',
  checkOrImportText: rich`No sign-in needed: drop an *evidence folder* or a message with its *.sig* file to *check* it, or the *trust file* IT gave you to import it.`,
  dropTitle: 'Drop files here',
  dropText: rich`Drop a file or folder anywhere in this window to *seal* it for chosen people, or a *.signet* file to *open* it and check who sealed it.`,
  dropCheckedText: rich`An evidence folder, or a message with its .sig file, is *checked* offline; a trust file from IT is imported.`,
  chooseFiles: 'Choose files…',
  chooseFolder: 'Choose a folder…',
  needsConnection: (what: string) =>
    `${what} needs a connection to your organisation. Connect, then drop it again. Checking evidence and signatures and importing IT's trust file work offline.`,
  needsSignIn: (what: string) =>
    `${what} needs you to sign in. Sign in first, then drop the files again. Checking evidence and signatures and importing IT's trust file work without signing in.`,
  openingSealed: 'Opening a sealed message',
  notOpenedHereOpening: "This computer hasn't opened this sealed file before, so it can't check it offline. Opening it",
  sealingFiles: 'Sealing files',
  oneSealedAtATime: 'Drop one sealed file at a time to open it, or only unsealed files to seal them.',

  // Choosing recipients (RecipientPicker.svelte)
  whoIsItFor: 'Who is it for?',
  searchOrganisation: 'Search your organisation',
  searchExample: 'Legal, Finance…',
  sealFor: 'Seal for',
  noOneMatches: (query: string) => `No one in your organisation matches “${query}”.`,
  sealForNames: (names: string) => `Seal for ${names}`,
  back: 'Back',

  // Progress (ProgressCard.svelte, spokenProgress.ts)
  cancel: 'Cancel',
  progressOf: (done: string, total: string) => `${done} of ${total}`,
  perSecond: (size: string) => `${size}/s`,
  secondsLeftShort: (n: number) => `about ${n} s left`,
  percentOf: (percent: number, total: string) => `${percent} % of ${total}`,
  secondsLeft: (n: number) => `about ${n} ${plural(n, { one: 'second', other: 'seconds' })} left`,
  minutesLeft: (n: number) => `about ${n} ${plural(n, { one: 'minute', other: 'minutes' })} left`,

  // Verdicts (outcome.ts, ResultCard.svelte)
  authentic: 'Authentic',
  cantConfirmYet: "Can't confirm yet",
  madeWithOrganisationKey: "Made with your organisation's key",
  askItToEnrolYou: 'Ask IT to enrol you',
  trustFileNotImported: 'Trust file not imported',
  notASignetFile: 'Not a Signet file',
  incompleteFile: 'Incomplete file',
  notSealed: 'Not sealed',
  cantConfirmWhoSealed: "Can't confirm who sealed this",
  doNotTrustThisFile: 'Do not trust this file',
  thatDidntWork: "That didn't work",
  verdictSentence: (verdict: 'authentic' | 'revocation-unknown' | 'claimed-name', signer: string, when: string) =>
    verdict === 'authentic'
      ? `Authentic. Sealed by ${signer} on ${when}. Nothing has changed since it was sealed.`
      : verdict === 'revocation-unknown'
        ? `Sealed by ${signer} on ${when}, and nothing has changed since — but Signet can't confirm the certificate is still valid: this computer has no current revocation list. Connect once, or import a fresh trust file from IT.`
        : `Sealed with your organisation's key on ${when}, and nothing has changed since. It says it was sealed by ${signer}, but that is the sender's own claim: this older kind of seal can't prove who sealed it.`,
  signatureSentence: (verdict: 'authentic' | 'revocation-unknown' | 'claimed-name', signer: string, when: string) =>
    verdict === 'authentic'
      ? `Authentic signature. Sealed by ${signer} on ${when}.`
      : verdict === 'revocation-unknown'
        ? `The signature checks out: sealed by ${signer} on ${when} — but Signet can't confirm the certificate is still valid: this computer has no current revocation list. Connect once, or import a fresh trust file from IT.`
        : `The signature checks out: sealed with your organisation's key on ${when}. It says it was sealed by ${signer}, but that is the sender's own claim: this older kind of seal can't prove who sealed it.`,
  sealedByRich: (signer: string, when: string): Rich => ['Sealed by ', { strong: signer }, ` on ${when}. Nothing has changed since it was sealed.`],
  signedWithRich: (signer: string): Rich => ['Signed with ', { strong: signer }, '. Nothing has changed since it was signed.'],
  signedWithSentence: (signer: string) => `Signed with ${signer}. Nothing has changed since it was signed.`,
  sealedForNames: (names: string) => `Sealed for ${names}`,
  filesSavedAs: (files: number, size: string) => `${files} ${plural(files, { one: 'file', other: 'files' })}, ${size}, saved as`,
  showInFolder: 'Show in folder',
  done: 'Done',
  ok: 'OK',
  saved: 'Saved:',
  notEverythingSaved: (warning: string): Rich => [{ strong: 'Not everything was saved.' }, ` ${warning}`],
  details: 'Details',
  sealedByFromCertificate: 'Sealed by (from the certificate)',
  emailFromCertificate: 'E-mail (from the certificate)',
  certificateSha256: 'Certificate SHA-256',
  whyRevocationNotChecked: 'Why revocation was not checked',
  trustedTimestamp: 'Trusted timestamp',
  signerKey: 'Signer key',
  keyFingerprint: 'Key fingerprint (SHA-256)',
  sessionArn: "Session ARN (the sender's own account of the session)",
  sourceIdentity: "Source identity (the sender's own account of the session)",
  kmsRequestId: 'KMS request id',
  sealedAtUtc: "Sealed at (UTC, the sender's clock)",
  howChecked: 'How it was checked',
  checkedWith: (how: string) => `With ${how}`,
  sizeAndDigest: (size: string, sha256: string) => `${size} · SHA-256 ${sha256}`,
  evidenceFolderTerm: 'Evidence folder',
  whatCouldNotBeSaved: 'What could not be saved',
  showEvidence: 'Show evidence for a third party',
  seeWhatTrusted: 'See what this computer trusts',
  documentsChecked: (folder: string, names: string): Rich => ['The documents in ', { path: folder }, ` were checked: each is as it was sealed (${names}).`],
  alsoInFolder: (names: string) => `Also in that folder, but not in the seal (not checked): ${names}.`,
  documentsNotChecked: rich`*The documents themselves were not checked.* This evidence shows what was sealed, not that the copies you hold are the same.`,
  dropDocumentsHere: 'Drop the documents folder here',
  alsoCheckDocuments: 'Also check the documents…',
  orDropDocuments: 'or drop the folder they were opened into here',
  evidenceTable: 'What was checked in the evidence folder',
  roleChecked: 'Checked',
  roleSummary: 'Summary',
  roleNotChecked: 'Not checked',
  notInFolder: 'Not in the folder',
  against: (how: string) => `Against ${how}`,
  notPartOfEvidence: 'Not part of the evidence',
  authenticSignature: 'Authentic signature',
  signedWithOrganisationKey: (message: string): Rich => [{ strong: message }, " was signed with your organisation's key and has not changed since."],
  keptSignature: (when: string): Rich => [{ strong: "The file's contents were not read." }, ` This is the signature this computer kept when it opened the file on ${when}. To check every byte, sign in and open it.`],
  trustFileImported: 'Trust file imported',
  importedFromOrganisation: (counts: string) => `${counts} from your organisation. Everything in it leads to your organisation's root certificate.`,
  newCounts: (certificates: number, crls: number) =>
    `${certificates} new ${plural(certificates, { one: 'certificate', other: 'certificates' })} and ${crls} new ${plural(crls, { one: 'revocation list', other: 'revocation lists' })}`,
  replace: 'Replace',
  keepBoth: 'Keep both',
  alreadyExists: (name: string) => `${name} already exists. Replace it, or keep both?`,
  file: 'File',
  code: 'Code',
  whatSignetFound: 'What Signet found',
  whatSignetSaid: 'What Signet said (in English)',
  whenUtc: 'When (UTC)',
  signetVersion: 'Signet version',
  copyForIt: 'Copy details for IT',
  copied: 'Copied. Paste it into your message to IT.',
  couldNotCopy: "Couldn't copy: open Details above, select the lines and copy them instead.",
  forItNone: '(none)',
  forItMessage: 'Message',
  forItDetail: 'Detail',
  forItTime: 'Time (UTC)',
  dragOut: 'drag it to an e-mail or a folder',
  dragOutLabel: 'The sealed file, to drag to an e-mail or a folder',
  internalError: 'Signet hit an internal error.',

  // Activity (ActivityView.svelte)
  activity: 'Activity',
  activityNothing: 'Nothing yet. What you seal, open and check appears here.',
  activityChoose: 'Choose an entry to see its result again.',
  actionSealed: 'Sealed',
  actionOpened: 'Opened',
  actionChecked: 'Checked',
  actionRefused: 'Refused',
  actionImported: 'Imported trust file',
  backToActivity: 'Back to activity',
  openedOnAgain: (input: string, when: string) =>
    `${input}, opened on ${when}. Checked again now from what this computer kept when it opened it; the opened files themselves were not read again.`,
  checkedAgainNow: (summary: string, when: string) => `Checked again now: ${summary} (${when}).`,
  recordGone: 'The record Signet kept when it opened this file is no longer on this computer, so it can’t be checked again. This is what Signet noted at the time.',
  noRecord: 'Signet keeps no record to check this again. This is what it noted at the time.',

  // Trust (TrustView.svelte)
  trustTitle: 'What this computer trusts',
  trustIntro:
    "Signet knows who sealed a file from their certificate, even offline. A certificate counts only if it leads to your organisation's root, and only while it is not on a revocation list.",
  importTrustFile: 'Import trust file…',
  importedCounts: (counts: string) => `Imported ${counts}.`,
  organisationRoot: "Your organisation's root",
  rootCertificate: 'Root certificate',
  rootMissing: 'Not on this computer yet — import the trust file from IT.',
  fingerprint: 'Fingerprint (SHA-256)',
  issuingAuthorities: (n: number) => `Issuing ${plural(n, { one: 'authority', other: 'authorities' })}`,
  noneYet: 'None yet',
  peopleAndTeams: 'People and teams',
  noCertificates: 'No certificates yet. Connect once, or import the trust file from IT.',
  certificatesCaption: 'Certificates of people who seal and teams who receive',
  name: 'Name',
  team: 'Team',
  kind: 'Kind',
  validUntil: 'Valid until',
  person: 'Person',
  teamKind: 'Team',
  revocationLists: 'Revocation lists',
  noRevocationLists: "This computer has no revocation lists, so Signet can't confirm a certificate is still valid. Connect once, or import the trust file from IT.",
  revocationCaption: 'Revocation lists: certificates your organisation has withdrawn',
  from: 'From',
  number: 'Number',
  nextUpdate: 'Next update',
  state: 'State',
  notStated: 'Not stated',
  outOfDate: '⚠ Out of date',
  current: 'Current',
  olderSealKeys: 'Keys for older seals',
  olderSealKeysIntro: 'Version 1 seals carry no certificate: Signet checks them against these keys, and the name in them is only the sender\'s own claim.',
  noKeys: 'No keys yet.',
  keysCaption: 'Keys for checking version 1 seals',
  key: 'Key',
  learned: 'Learned',

  // Help (HelpView.svelte)
  help: 'Help',
  whatIsASeal: 'What is a seal?',
  sealExplained: [
    'Sealing a file signs it in your name and locks it so that only the people you chose can open it. The seal is a ',
    { path: '.signet' },
    ' file you can send any way you like — by e-mail, on a shared drive, on a USB stick. Nobody else can read it, and anyone who opens it can see who sealed it and that nothing has changed since.',
  ] as Rich,
  whatDoesAuthenticMean: 'What does Authentic mean?',
  authenticMeans: rich`*Authentic* means Signet checked two things: the file is exactly as it was when it was sealed, and the person who sealed it is who your organisation says they are (their certificate leads to your organisation's root certificate and has not been withdrawn). The name you see comes from that certificate, not from the sender.`,
  threeVerdicts: 'The three verdicts',
  authenticVerdict: 'Sealed by the person named, and nothing has changed since. You can rely on it.',
  cantConfirmVerdict:
    "The file has not changed, but this computer can't check whether the sender's certificate is still valid (its revocation list is out of date). Connect to your organisation once, or import the trust file IT gave you, then open it again.",
  refusedVerdict: 'Signet refused it. Nothing from such a file is saved. The card says why, and what to do — see below.',
  olderSeal: (headline: string) => `An older kind of seal shows "${headline}": it was sealed with your organisation's key, but the name inside is the sender's own claim.`,
  whenRefused: 'When Signet refuses a file',
  refusedChanged: 'It was changed after it was sealed',
  refusedChangedDo: 'Do not use it. Ask the sender to send it again.',
  refusedIncomplete: 'It is incomplete',
  refusedIncompleteDo: 'The download or copy was cut short. Fetch it again, then open the new copy.',
  refusedNotSignet: "This isn't a Signet sealed file",
  refusedNotSignetDo: "Nothing is wrong with it — it simply isn't sealed. Open it with the program it belongs to.",
  refusedRevoked: "The sender's certificate was revoked",
  refusedRevokedDo: 'Your organisation has withdrawn it. Do not trust the file, and ask IT.',
  refusedUnknown: "Signet can't confirm who sealed it",
  refusedUnknownDo:
    "This computer doesn't know the sender yet, or the sender is not from your organisation. Connect once, or import the trust file from IT; if it still says so, ask IT before trusting it.",
  whoToAsk: 'Who to ask',
  whoToAskText:
    'Ask your IT department: they set up Signet, give out access to seal and open, publish the trust file, and can check any file Signet refused. Under "Details" on every result is what they need to know.',

  /** What each failure means, by its code. */
  errors,
};

export type Catalogue = typeof enGB;
