// The payload's chunked AEAD (docs/FORMAT.md, "Payload"), the STREAM construction
// age uses: AES-256-GCM over fixed-size chunks (64 KiB in version 1, 256 KiB in
// version 2: PAYLOAD_CHUNK_SIZE), each with a 12-byte nonce made of an 11-byte
// big-endian chunk counter and a last-chunk flag byte. (Only the counter's low 6 bytes
// are ever written: the upper 5 stay zero, since 2^48 chunks of 64 KiB already make
// 16 EiB, more than any payload can hold.) The counter makes
// reordering, duplication and removal of chunks fail authentication; the flag makes
// truncation at a chunk boundary and extension past the end fail too. The nonces are
// safe because the payload key is fresh for every file (keySchedule.ts). The last
// chunk may be empty only when it is the only chunk (an empty payload).
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { TAG_SIZE } from './constants.js';

function nonce(counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeUIntBE(counter, 5, 6);
  n[11] = last ? 1 : 0;
  return n;
}

export function sealChunk(key: Buffer, counter: number, last: boolean, plaintext: Buffer): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(counter, last));
  const body = cipher.update(plaintext);
  cipher.final();
  return [body, cipher.getAuthTag()];
}

function openChunk(key: Buffer, counter: number, last: boolean, sealed: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(counter, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    const out = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
    decipher.final();
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Cuts bytes given in any pieces into `size`-byte chunks and always holds the latest
 * chunk back, since only the end of the input tells whether it is the last one. Whole
 * chunks are handed straight from the caller's bytes where they can be; only the ends
 * of a piece are copied, so no reference to the caller's bytes is kept.
 */
class HeldBackChunks {
  private readonly carry: Buffer;
  private carried = 0;

  constructor(private readonly size: number) {
    this.carry = Buffer.allocUnsafe(size);
  }

  /** Calls `each` for every chunk that is known not to be the last; a chunk is only valid during the call. */
  push(data: Uint8Array, each: (chunk: Buffer) => void): void {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let at = 0;
    while (at < bytes.length) {
      if (this.carried === this.size) {
        each(this.carry);
        this.carried = 0;
      }
      if (this.carried === 0 && bytes.length - at > this.size) {
        each(bytes.subarray(at, at + this.size));
        at += this.size;
        continue;
      }
      const n = Math.min(this.size - this.carried, bytes.length - at);
      bytes.copy(this.carry, this.carried, at, at + n);
      this.carried += n;
      at += n;
    }
  }

  /** The chunk held back: the last one, 0 to `size` bytes. */
  rest(): Buffer {
    return this.carry.subarray(0, this.carried);
  }
}

/** Plaintext in, sealed chunks out, synchronously; the sealed parts are fresh buffers. */
export class ChunkSealer {
  private readonly chunks: HeldBackChunks;
  private counter = 0;

  /** `chunkSize`: plaintext bytes per chunk, PAYLOAD_CHUNK_SIZE of the format version written. */
  constructor(
    private readonly key: Buffer,
    chunkSize: number,
  ) {
    this.chunks = new HeldBackChunks(chunkSize);
  }

  /** Seals every chunk `data` completes but the latest (it may be the last). */
  seal(data: Uint8Array): Buffer[] {
    const sealed: Buffer[] = [];
    this.chunks.push(data, (chunk) => sealed.push(...sealChunk(this.key, this.counter++, false, chunk)));
    return sealed;
  }

  /** Seals the last chunk, flagged as last; it is empty only if nothing was sealed. */
  finish(): Buffer[] {
    return sealChunk(this.key, this.counter++, true, this.chunks.rest());
  }
}

/** Sealed chunks in, plaintext out, synchronously; throws TAMPERED or TRUNCATED, never returning an unauthenticated byte. */
export class ChunkOpener {
  private readonly chunks: HeldBackChunks;
  private readonly sealedChunkSize: number;
  private counter = 0;
  /** The last chunk's bytes, once finish() has refused them as not authenticating. */
  private refused?: Buffer;

  /** `chunkSize`: plaintext bytes per chunk, PAYLOAD_CHUNK_SIZE of the header's format version. */
  constructor(
    private readonly key: Buffer,
    chunkSize: number,
  ) {
    this.sealedChunkSize = chunkSize + TAG_SIZE;
    this.chunks = new HeldBackChunks(this.sealedChunkSize);
  }

  /** Opens every chunk `data` completes but the latest; returns fresh buffers of authenticated plaintext. */
  open(data: Uint8Array): Buffer[] {
    const opened: Buffer[] = [];
    this.chunks.push(data, (chunk) => {
      const plaintext = openChunk(this.key, this.counter, false, chunk);
      if (!plaintext) throw new SignetError('TAMPERED', undefined, `chunk ${this.counter} does not authenticate`);
      this.counter++;
      opened.push(plaintext);
    });
    return opened;
  }

  /** Opens the last chunk, which must carry the last flag. */
  finish(): Buffer {
    const rest = this.chunks.rest();
    if (rest.length < TAG_SIZE) throw new SignetError('TRUNCATED', undefined, `the payload ends ${rest.length} bytes into chunk ${this.counter}`);
    if (rest.length === TAG_SIZE && this.counter > 0) throw new SignetError('TAMPERED', undefined, 'an empty last chunk after other chunks');
    const plaintext = openChunk(this.key, this.counter, true, rest);
    if (plaintext) return plaintext;
    // A chunk that authenticates as not-last means the chunks after it were cut off.
    const cut = rest.length === this.sealedChunkSize && openChunk(this.key, this.counter, false, rest) !== undefined;
    if (!cut) this.refused = Buffer.from(rest);
    throw new SignetError(cut ? 'TRUNCATED' : 'TAMPERED', undefined, cut ? `the payload stops after chunk ${this.counter}` : `last chunk ${this.counter} does not authenticate`);
  }

  /**
   * After finish() refused the last chunk as not authenticating: its bytes decrypted
   * WITHOUT authentication, as chunk `counter` sealed not-last and sealed last (GCM is
   * counter mode underneath, its keystream starting at counter block nonce ‖ 00000002).
   * Only for telling a file cut short from a changed one (engine/cutShort.ts): these
   * bytes are never released, written or shown. Empty when nothing was refused.
   */
  refusedLastChunk(): Buffer[] {
    const refused = this.refused;
    if (!refused) return [];
    return [false, true].map((last) => {
      const counterMode = createDecipheriv('aes-256-ctr', this.key, Buffer.concat([nonce(this.counter, last), Buffer.from([0, 0, 0, 2])]));
      return Buffer.concat([counterMode.update(refused), counterMode.final()]);
    });
  }
}
