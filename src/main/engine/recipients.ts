// Where key sources plug into the engine: a Wrapper wraps the file key for one
// recipient (the wrapped key goes into that recipient's stanza in the header), an
// Unwrapper finds the file key again in the header's stanzas (docs/FORMAT.md, "Keys"
// and "Header"). KMS, a pinned public key or a test key all fit these holes; the
// engine never knows which.
import { constants, publicEncrypt, type KeyObject } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import type { Stanza } from '../format/header.js';

/** The recipient side: wraps the file key for one recipient, giving the stanza's wrapped key. */
export type Wrapper = (fileKey: Buffer) => Buffer;

/** Wraps for a recipient known by their pinned RSA public key: RSAES-OAEP with SHA-256, locally, no KMS call. */
export function pinnedKeyWrapper(publicKey: KeyObject): Wrapper {
  return (fileKey) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, fileKey);
}

export interface Unwrapped {
  fileKey: Buffer;
  /** The stanza the file key came from: names the recipient key that opened the seal. */
  stanza: Stanza;
}

/** The identity side: finds the file key in the header's stanzas with a key this person may use; fails NOT_FOR_YOU otherwise. */
export type Unwrapper = (stanzas: Stanza[]) => Promise<Unwrapped>;

/** Unwraps the file key from one stanza, or gives undefined when the stanza is not for this identity. */
export type StanzaUnwrapper = (stanza: Stanza) => Promise<Buffer | undefined>;

/**
 * Tries each stanza in order; the first one that unwraps gives the file key, undefined
 * when none does. A stanza for a key that is gone or disabled (KEY_UNAVAILABLE) is
 * simply not one this identity can use; any other failure stops the search.
 */
export async function unwrapFirst(stanzas: Stanza[], unwrapOne: StanzaUnwrapper): Promise<Unwrapped | undefined> {
  for (const stanza of stanzas) {
    try {
      const fileKey = await unwrapOne(stanza);
      if (fileKey) return { fileKey, stanza };
    } catch (error) {
      if (error instanceof SignetError && error.code === 'KEY_UNAVAILABLE') continue;
      throw error;
    }
  }
  return undefined;
}
