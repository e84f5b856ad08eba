// The `signet` command's exit codes. Stable: scripts depend on them.
export const EXIT = {
  ok: 0,
  /** Usage or configuration error. */
  usage: 2,
  /** Not authentic: tampered, truncated, bad signature, unknown or changed signer key, not addressed to you. */
  notAuthentic: 3,
  /** Not allowed: not signed in, session expired, wrong role, access denied. */
  notAllowed: 4,
  /** Anything else: I/O, network, service. */
  failure: 5,
} as const;
