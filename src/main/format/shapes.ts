// The shapes of the AWS identifiers and labels a seal carries (docs/FORMAT.md,
// "Manifest" and "Header"): KMS key ARNs, assumed-role session ARNs, STS session
// names and free-text labels. Checked when a seal is made and again when one is read,
// so a string from a seal can never carry a terminal escape, an invisible or a
// direction-changing character to a person's screen, log or report.

const PARTITION = 'aws[-a-z]*';
const REGION = '[a-z]{2,}(?:-[a-z]+)+-\\d+';
const ACCOUNT = '\\d{12}';
// A KMS key id: a UUID, or "mrk-" and 32 hex digits for a multi-Region key.
const KEY_ID = '(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
// IAM and STS name characters: letters, digits and + = , . @ _ -.
const NAME_CHAR = '[\\w+=,.@-]';
const ALIAS_NAME = 'alias/[\\w/-]{1,250}';

/** arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID — what KMS returns as a key's ARN. */
export const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}$`);

/** A KMS key ARN, an alias ARN (arn:…:kms:…:alias/NAME) or alias/NAME: how a configuration may name a key. */
export const KMS_KEY_REFERENCE = new RegExp(`^(?:arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:(?:key/${KEY_ID}|${ALIAS_NAME})|${ALIAS_NAME})$`);

/** arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION — the ARN of a role session. */
export const ASSUMED_ROLE_ARN = new RegExp(`^arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/${NAME_CHAR}{1,64}/${NAME_CHAR}{2,64}$`);

/** An STS role session name or source identity. */
export const STS_SESSION_NAME = new RegExp(`^${NAME_CHAR}{2,64}$`);

/** Text with no control, format, surrogate, line or paragraph separator characters. */
const PLAIN_TEXT = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u;

/** Whether `text` is a label a person can read as written: 1 to `maxLength` code points, none of them control, invisible or direction-changing. */
export function isPlainLabel(text: string, maxLength: number): boolean {
  return text.length > 0 && isPlainText(text, maxLength);
}

/** Whether `text` has at most `maxLength` code points, none of them control, invisible or direction-changing (it may be empty). */
export function isPlainText(text: string, maxLength: number): boolean {
  return [...text].length <= maxLength && PLAIN_TEXT.test(text);
}
