// The one contract between the renderer and the main process: every channel is 'domain:verb' with a request and a response schema.
// Main validates every request against it before a handler runs; the preload exposes
// intent-level functions built from it; the renderer gets its types from it. Nothing
// here carries a credential, a token or key material.
import { z } from 'zod';

export const WhoAmISchema = z.object({
  signedIn: z.boolean(),
  /** AWS could not be reached: checking still works, sealing and opening do not. */
  offline: z.boolean().optional(),
  userName: z.string().optional(),
  via: z.enum(['sso', 'profile']).optional(),
  roles: z.object({ sender: z.boolean(), receiver: z.boolean() }).optional(),
  sessionEndsAt: z.string().optional(),
  organisation: z.string(),
  demo: z.boolean(),
});
export type WhoAmIView = z.infer<typeof WhoAmISchema>;

export const DemoPersonSchema = z.object({ userName: z.string(), displayName: z.string(), team: z.string(), canSeal: z.boolean(), canOpen: z.boolean() });

export const SealSummarySchema = z.object({
  output: z.string(),
  recipients: z.array(z.string()),
  files: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
});

const FileHashSchema = z.object({ path: z.string(), size: z.number(), sha256: z.string() });
const SealRecipientSchema = z.object({ name: z.string(), keyArn: z.string(), certificateSha256: z.string().optional() });

/**
 * What a checked seal shows (docs/TRUST.md, "Verdicts"): `authentic` — the sender's
 * certificate chains to the organisation's root and is not revoked; `revocation-unknown`
 * — the same, but this computer's revocation list is missing or out of date; and, for a
 * version 1 seal, `claimed-name` — made with the organisation's key, but the name in it
 * is only the sender's own claim. Anything worse is a refusal, never a verdict.
 */
export const VERDICT_STATES = ['authentic', 'revocation-unknown', 'claimed-name'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/** What a verified seal proves: verdict.json in an evidence folder, the report, and the source of the window's verdict. */
export const SealVerdictSchema = z.object({
  verdict: z.enum(VERDICT_STATES),
  /** The .signet format version of the seal. */
  format: z.number().int(),
  /** When the sender says they sealed it (signed with the rest of the manifest). */
  sealedAt: z.string(),
  checkedAt: z.string(),
  signer: z.object({
    /** From the certificate (version 2): who sealed it, as the organisation's CA certified them. */
    certified: z.object({ name: z.string(), team: z.string().optional(), email: z.string().optional(), organisation: z.string().optional(), certificateSha256: z.string() }).optional(),
    keyArn: z.string(),
    fingerprint: z.string(),
    /** The sender's own claims about the signing session, signed but not certified. */
    sessionArn: z.string(),
    sourceIdentity: z.string().optional(),
    accountId: z.string(),
  }),
  /** With `revocation-unknown`: why revocation could not be checked. */
  revocationNote: z.string().optional(),
  /**
   * A version 2 seal's trusted timestamp (RFC 3161), checked: when the signature
   * existed by the word of a time-stamping authority the organisation's root vouches
   * for. The signer's certificate was checked at genTime. Absent: sealedAt is only the
   * sender's own clock, and the certificate was checked at checkedAt.
   */
  timestamp: z.object({ genTime: z.string(), authority: z.string(), policy: z.string(), serialNumber: z.string() }).optional(),
  /** With `timestamp`: the signer's certificate was revoked after genTime, for a reason that leaves earlier seals standing. */
  revokedAfterSealing: z.object({ revokedAt: z.string(), reason: z.string() }).optional(),
  kmsRequestId: z.string(),
  recipients: z.array(SealRecipientSchema),
  files: z.array(FileHashSchema),
  /** How the signer was known when this was checked. */
  checkedWith: z.string(),
});
export type SealVerdict = z.infer<typeof SealVerdictSchema>;

/**
 * The window's view of an open: the verdict, the files released, and what is left to
 * do. For an AWS recipe message, which records no signer session, time or request id,
 * those are '' and `signer` is the signing key.
 */
export const VerdictSchema = z.object({
  verdict: z.enum(VERDICT_STATES),
  /** Who sealed it, as a person reads it: the certified name ("Alice Example, Finance"), or for a version 1 seal the name it claims. */
  signer: z.string(),
  sealedAt: z.string(),
  released: z.array(z.string()),
  files: z.array(FileHashSchema),
  details: z.object({
    signerKeyArn: z.string(),
    fingerprint: z.string(),
    sessionArn: z.string(),
    sourceIdentity: z.string().optional(),
    email: z.string().optional(),
    certificateSha256: z.string().optional(),
    revocationNote: z.string().optional(),
    /** When the seal has a trusted timestamp (RFC 3161): "Sealed at … (trusted timestamp from …)". */
    trustedTime: z.string().optional(),
    kmsRequestId: z.string(),
    recipients: z.array(SealRecipientSchema),
    checkedWith: z.string(),
  }),
  evidence: z.string().optional(),
  /** The files are saved, but the record of this open or the evidence folder could not be: what to do. */
  warning: z.string().optional(),
  /** With `warning`: its technical cause, shown under Details. */
  warningDetail: z.string().optional(),
});
export type VerdictView = z.infer<typeof VerdictSchema>;

export const CheckViewSchema = z.object({
  verdict: z.enum(VERDICT_STATES),
  signer: z.string(),
  sealedAt: z.string(),
  fingerprint: z.string(),
  signerKeyArn: z.string(),
  how: z.string(),
  /** Evidence folders: what the certificate says, and the sender's own account of the session. */
  email: z.string().optional(),
  certificateSha256: z.string().optional(),
  revocationNote: z.string().optional(),
  sessionArn: z.string().optional(),
  sourceIdentity: z.string().optional(),
  /** Evidence folders: each file and what it was checked against — checked, a summary that proves nothing, or not checked (and why). */
  evidenceFiles: z.array(z.object({ name: z.string(), role: z.enum(['checked', 'summary', 'not-checked']), how: z.string(), present: z.boolean() })).optional(),
  /** Evidence folders: files in it that are not evidence, not checked. */
  notEvidence: z.array(z.string()).optional(),
  /** Evidence folders: the documents compared with the signed list (every one the same as sealed), and files there the seal did not hold; absent when the documents were not checked. */
  documents: z.object({ folder: z.string(), checked: z.array(z.string()), extra: z.array(z.string()) }).optional(),
});
export type CheckView = z.infer<typeof CheckViewSchema>;

export const ActivitySchema = z.object({
  at: z.string(),
  action: z.enum(['sealed', 'opened', 'checked', 'refused', 'imported trust file']),
  summary: z.string(),
  code: z.string().optional(),
  /** An open: the id of its receipt in SIGNET_HOME/opened (the seal's header hash), to show its verdict again. */
  receipt: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

/** An earlier open's verdict, checked again from its receipt (the signature only: the files are not read again). */
export const ReceiptVerdictSchema = z.object({
  verdict: z.enum(VERDICT_STATES),
  signer: z.string(),
  sealedAt: z.string(),
  openedAt: z.string(),
  /** The name of the seal as it was opened. */
  input: z.string(),
  fingerprint: z.string(),
  signerKeyArn: z.string(),
  certificateSha256: z.string().optional(),
  revocationNote: z.string().optional(),
});

/** What this computer trusts (docs/TRUST.md): the pinned root, issuing CAs, certificates and revocation lists. */
export const TrustViewSchema = z.object({
  rootSha256: z.string(),
  root: z.string().optional(),
  authorities: z.array(z.string()),
  certificates: z.array(z.object({ name: z.string(), team: z.string().optional(), kind: z.enum(['person', 'team']), keyArn: z.string(), validUntil: z.string() })),
  crls: z.array(z.object({ issuer: z.string(), number: z.string(), nextUpdate: z.string().optional(), stale: z.boolean() })),
});

export const PinnedKeyViewSchema = z.object({ keyArn: z.string(), aliases: z.array(z.string()), keySpec: z.string(), fingerprint: z.string(), learnedAt: z.string(), learnedFrom: z.string() });

/** Paths arrive only from a drop (resolved in the preload) or a dialog main opened. */
const ChosenPath = z.string().min(1).max(4096);
const OperationId = z.string().regex(/^[a-z0-9-]{8,64}$/);

/** What a seal is asked with, from a picker or from files main announced. */
const SealRequestSchema = z.object({
  operationId: OperationId,
  paths: z.array(ChosenPath).min(1).max(1000),
  to: z.array(z.string().min(1).max(100)).min(1).max(32),
  overwrite: z.boolean().optional(),
  keepBoth: z.boolean().optional(),
});

/** What an open is asked with, from a picker or a file main announced. */
const OpenRequestSchema = z.object({ operationId: OperationId, path: ChosenPath, overwrite: z.boolean().optional(), evidence: z.boolean().optional() });

export const CONTRACT = {
  'identity:get': { request: z.object({}), response: WhoAmISchema },
  'identity:demoPeople': { request: z.object({}), response: z.array(DemoPersonSchema) },
  'identity:signIn': { request: z.object({ demoUser: z.string().regex(/^[\w+=,.@-]{2,64}$/).optional() }), response: WhoAmISchema },
  'identity:signOut': { request: z.object({}), response: WhoAmISchema },
  'recipients:list': { request: z.object({}), response: z.array(z.object({ name: z.string() })) },
  'seal:run': {
    request: SealRequestSchema,
    response: SealSummarySchema,
  },
  'open:run': {
    request: OpenRequestSchema,
    response: VerdictSchema,
  },
  /** Opens a .signet file main announced (command line, second instance, file association). */
  'open:announced': {
    request: OpenRequestSchema,
    response: VerdictSchema,
  },
  /** Seals files main announced (the file manager's "Seal with Signet"); main refuses any other path. */
  'seal:announced': {
    request: SealRequestSchema,
    response: SealSummarySchema,
  },
  'operation:cancel': { request: z.object({ operationId: OperationId }), response: z.object({ cancelled: z.boolean() }) },
  'keys:list': { request: z.object({}), response: z.array(PinnedKeyViewSchema) },
  'trust:import': { request: z.object({ path: ChosenPath }), response: z.object({ certificates: z.number(), crls: z.number() }) },
  /** Imports a trust file main announced (opened with Signet from outside the window). */
  'trust:announced': { request: z.object({ path: ChosenPath }), response: z.object({ certificates: z.number(), crls: z.number() }) },
  'trust:show': { request: z.object({}), response: TrustViewSchema },
  /** What dropped files are: a seal to open, evidence to check, a key file to import, or files to seal. */
  'files:classify': { request: z.object({ paths: z.array(ChosenPath).min(1).max(1000) }), response: z.object({ kind: z.enum(['open', 'evidence', 'trust', 'detached', 'seal']) }) },
  /** A message and its detached signature (message + message.sig), checked with the organisation's signing key. */
  'signature:verify': { request: z.object({ paths: z.array(ChosenPath).length(2) }), response: CheckViewSchema.omit({ sealedAt: true }).extend({ message: z.string() }) },
  /** An evidence folder, and optionally the folder its documents were opened into (dropped or chosen, like every path). */
  'evidence:verify': { request: z.object({ path: ChosenPath, documents: ChosenPath.optional() }), response: CheckViewSchema },
  /** A seal this computer opened before, checked offline from the signature it kept then (services/receipts.ts): no sign-in, contents not read. */
  'seal:checkKept': { request: z.object({ path: ChosenPath }), response: CheckViewSchema.extend({ openedAt: z.string() }) },
  /** Shows a file Signet wrote in the system's file manager. */
  'files:reveal': { request: z.object({ path: ChosenPath }), response: z.object({ shown: z.boolean() }) },
  'activity:list': { request: z.object({}), response: z.array(ActivitySchema) },
  /** An earlier open's verdict again, from the receipt its activity entry names; NOT_OPENED_HERE when the receipt is gone. */
  'activity:verdict': { request: z.object({ receipt: z.string().regex(/^[0-9a-f]{64}$/) }), response: ReceiptVerdictSchema },
  /** Drags a file Signet wrote this session out of the window (to an e-mail, a folder); refused for any other path. */
  'files:drag': { request: z.object({ path: ChosenPath }), response: z.object({ started: z.boolean() }) },
} as const;

export type Channel = keyof typeof CONTRACT;
export type RequestOf<C extends Channel> = z.infer<(typeof CONTRACT)[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<(typeof CONTRACT)[C]['response']>;

/**
 * What every handler returns across the boundary: `invoke` loses thrown error types.
 * `detail` is the failure's technical cause (never a secret or a stack), shown under a
 * failure card's Details and in what a person copies for IT.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; detail?: string } };

/** Events main sends to the window. */
export const EVENTS = {
  progress: z.object({ operationId: z.string(), phase: z.enum(['sealing', 'opening']), current: z.string().optional(), bytesDone: z.number(), bytesTotal: z.number() }),
  'identity:prompt': z.object({ userCode: z.string(), verificationUri: z.string() }),
  'identity:changed': WhoAmISchema,
  /** A .signet file the person opened with Signet from outside the window. */
  'open:requested': z.object({ path: z.string(), name: z.string() }),
  /** A trust file the person opened with Signet from outside the window. */
  'trust:requested': z.object({ path: z.string(), name: z.string() }),
  /** Files the person chose "Seal with Signet" for in the file manager. */
  'seal:requested': z.object({ files: z.array(z.object({ path: z.string(), name: z.string(), size: z.number() })) }),
} as const;
export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
