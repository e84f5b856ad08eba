// Every failure a person can meet, as a stable code with the words they see and the
// CLI exit-code class it belongs to. Shared by the engine, the CLI, the IPC layer and
// the renderer, which picks its headline by code and, in English, only trims a headline
// the message starts with; in another language it says the code's words from its
// catalogue (src/renderer/src/outcome.ts, src/renderer/src/i18n).

export type ErrorClass = 'usage' | 'notAuthentic' | 'notAllowed' | 'failure';

interface ErrorInfo {
  class: ErrorClass;
  /** What happened and what to do, in plain words. */
  message: string;
}

export const ERRORS = {
  USAGE: { class: 'usage', message: 'That command was not understood.' },
  CONFIG_INVALID: { class: 'usage', message: "Signet's configuration is not valid. Ask IT for a fresh copy." },
  INPUT_NOT_FOUND: { class: 'usage', message: "A file you chose doesn't exist or can't be read." },
  OUTPUT_EXISTS: { class: 'usage', message: 'The output already exists. Choose another name, or ask to replace it.' },
  UNKNOWN_RECIPIENT: { class: 'usage', message: "That recipient isn't in your organisation's directory. Choose one from the list, or ask IT to add them." },
  UNSUPPORTED_VERSION: { class: 'usage', message: 'This file was sealed by a newer version of Signet. Update Signet to open it.' },

  NOT_A_SIGNET_FILE: {
    class: 'notAuthentic',
    message: "This isn't a Signet sealed file, so there is nothing in it to open or check. If you expected one, ask the sender to send the .signet file again.",
  },
  TAMPERED: { class: 'notAuthentic', message: 'Do not trust this file: it was changed after it was sealed. Nothing from it was saved.' },
  TRUNCATED: {
    class: 'notAuthentic',
    message: 'This file is incomplete — the download or copy was cut short. Fetch it again from the sender. Nothing from it was saved.',
  },
  NOT_ADDRESSED_TO_YOU: {
    class: 'notAuthentic',
    message: 'Do not trust this file: it was sealed for someone else and passed on to you. Nothing from it was saved.',
  },
  BAD_SIGNATURE: {
    class: 'notAuthentic',
    message: "Do not trust this file: the signature does not match the sender's key. Nothing from it was saved.",
  },
  SIGNER_KEY_CHANGED: {
    class: 'notAuthentic',
    message: "Do not trust this file: the sender's key is not the one this computer knows for them — ask IT before trusting it.",
  },
  SIGNER_UNKNOWN: {
    class: 'notAuthentic',
    message: "Can't confirm who sealed this: this computer doesn't know the sender's key yet. Connect to your organisation once, or import the key file from IT.",
  },
  KEY_CHANGED: {
    class: 'notAuthentic',
    message: "A recipient's key is not the one this computer knows for them — ask IT before sealing for them.",
  },
  UNSAFE_NAME: { class: 'notAuthentic', message: 'Do not trust this file: a name in it could write outside the folder you chose or pass for another name. Nothing from it was saved.' },
  LIMIT_EXCEEDED: { class: 'notAuthentic', message: "Do not trust this file: its header is larger than Signet allows. Nothing from it was saved." },

  NOT_ENROLLED: {
    class: 'notAllowed',
    message: "You don't have your own signing key and certificate yet, so Signet can't seal in your name. Ask IT to enrol you.",
  },
  NOT_FOR_YOU: { class: 'notAllowed', message: "This file wasn't sealed for you, so you can't open it. Ask the sender to seal it for you." },
  NOT_SIGNED_IN: { class: 'notAllowed', message: "You're not signed in. Sign in to continue." },
  SESSION_EXPIRED: { class: 'notAllowed', message: 'Your sign-in has expired. Sign in again to continue; nothing was lost.' },
  DEVICE_CODE_EXPIRED: { class: 'notAllowed', message: 'The sign-in code expired before it was approved. Start signing in again.' },
  SIGN_IN_DECLINED: { class: 'notAllowed', message: 'The sign-in was declined in the browser. Start again if that was a mistake.' },
  NEEDS_SENDER_ACCESS: { class: 'notAllowed', message: 'Sealing files needs sender access, which you do not have — ask IT.' },
  NEEDS_RECEIVER_ACCESS: { class: 'notAllowed', message: 'Opening files needs receiver access, which you do not have — ask IT.' },
  ACCESS_DENIED: { class: 'notAllowed', message: "Your organisation's settings don't allow this — ask IT." },

  CLOCK_SKEW: { class: 'failure', message: "This computer's clock is wrong by more than 15 minutes. Correct the time and try again." },
  OFFLINE: { class: 'failure', message: "You're offline. You can still check signatures; sealing and opening need a connection." },
  SERVICE_ERROR: { class: 'failure', message: 'AWS did not answer as expected. Try again in a moment.' },
  NOT_OPENED_HERE: {
    class: 'failure',
    message: "This computer hasn't opened this file before, so it can't check it offline. Open it once while connected.",
  },
  KEY_UNAVAILABLE: { class: 'failure', message: 'A key Signet needs is switched off or no longer exists — ask IT.' },
  DISK_FULL: { class: 'failure', message: "There isn't enough space on this disk. Free some space and try again; nothing was saved." },
  IO_ERROR: {
    class: 'failure',
    message: 'A file could not be read or written, so nothing was saved. Check that the disk or share is still there and that you may write to the folder, then try again.',
  },
  KEYCHAIN_UNAVAILABLE: {
    class: 'failure',
    message: "Signet can't keep you signed in safely: this computer's keychain is locked or missing. Unlock it (on Linux, install or unlock a keyring such as GNOME Keyring or KWallet) and sign in again.",
  },
  CANCELLED: { class: 'failure', message: 'Cancelled. Nothing was left behind.' },
  INTERNAL: { class: 'failure', message: 'Signet hit an internal error. Nothing was saved. Please report this.' },

  // Trust v2 (docs/TRUST.md): certificates, revocation lists and trust files. The
  // certificate messages name no direction: they are met when opening (the sender's
  // certificate) and when sealing (a recipient team's).
  CERT_INVALID: {
    class: 'notAuthentic',
    message: "A certificate can't be read or breaks your organisation's certificate rules, so Signet will not rely on it — ask IT.",
  },
  CERT_UNTRUSTED: {
    class: 'notAuthentic',
    message: "Can't confirm whose key this is: its certificate does not lead to your organisation's root certificate. Ask IT before trusting it.",
  },
  CERT_EXPIRED: {
    class: 'notAuthentic',
    message: "The certificate was not valid at that time (expired, or not yet valid). Check this computer's clock; if it is right, ask IT for a fresh certificate.",
  },
  CERT_WRONG_USAGE: { class: 'notAuthentic', message: 'The certificate is not meant for this use (signing or receiving files), so Signet will not rely on it — ask IT.' },
  CERT_UNKNOWN_CRITICAL: {
    class: 'notAuthentic',
    message: 'The certificate carries a rule Signet does not understand, so Signet will not rely on it — ask IT.',
  },
  CERT_REVOKED: {
    class: 'notAuthentic',
    message: 'Your organisation has withdrawn (revoked) this certificate. Do not trust what was made with it, and ask IT before using it.',
  },
  REVOCATION_UNKNOWN: {
    class: 'notAuthentic',
    message: "Can't confirm the certificate is still valid: this computer has no current revocation list from your organisation. Connect once, or import a fresh trust file from IT.",
  },
  TRUST_FILE_INVALID: {
    class: 'usage',
    message: "This trust file can't be used: something in it is not valid or not from your organisation. Nothing from it was saved — ask IT for a fresh trust file.",
  },
  TRUST_FILE_STALE: {
    class: 'usage',
    message: 'This trust file is older than what this computer already has. Nothing from it was saved — ask IT for a fresh trust file.',
  },

  // Evidence v2: the signed PDF report.
  REPORT_NOT_SIGNED: {
    class: 'failure',
    message:
      "Signet couldn't sign the evidence report with your organisation's report-signing key. Check that you are online and signed in, then try again; if it still fails, ask IT to check the report-signing key in Signet's configuration.",
  },

  // Trusted timestamps (RFC 3161, docs/TRUST.md "Trusted time").
  TIMESTAMP_UNAVAILABLE: {
    class: 'failure',
    message: "Signet couldn't get a trusted timestamp from your organisation's time-stamping service, so nothing was sealed. Try again in a few minutes; if it keeps happening, ask IT.",
  },
  TIMESTAMP_INVALID: {
    class: 'notAuthentic',
    message: 'Do not trust this file: its trusted timestamp is not valid — it may have been altered. Nothing from it was saved.',
  },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a stable code for the UI and CLI, and a person-readable message. */
export class SignetError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    /** Technical detail for the "Details" expander and logs; never secrets. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'SignetError';
  }
}

export const errorClass = (code: ErrorCode): ErrorClass => ERRORS[code].class;
