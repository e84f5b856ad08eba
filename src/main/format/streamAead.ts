// The payload's chunked AEAD (docs/FORMAT.md, "Payload"), the STREAM construction
// age uses: AES-256-GCM over 64 KiB chunks, each with a 12-byte nonce made of an
// 11-byte big-endian chunk counter and a last-chunk flag byte. The counter makes
// reordering, duplication and removal of chunks fail authentication; the flag makes
// truncation at a chunk boundary and extension past the end fail too. The nonces are
// safe because the payload key is fresh for every file (keySchedule.ts). The last
// chunk may be empty only when it is the only chunk (an empty payload).
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SignetError } from '../../shared/errors.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, TAG_SIZE } from './constants.js';

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

/** Collects written buffers and hands out exact-size pieces without re-copying more than once. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const first = this.parts[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
      this.length -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const part = this.parts[0]!;
      const used = Math.min(part.length, n - filled);
      part.copy(out, filled, 0, used);
      filled += used;
      if (used === part.length) this.parts.shift();
      else this.parts[0] = part.subarray(used);
    }
    this.length -= n;
    return out;
  }
}

/** Plaintext in, sealed chunks out. */
export class EncryptStream extends Transform {
  private readonly queue = new ByteQueue();
  private counter = 0;

  constructor(private readonly key: Buffer) {
    super({ highWaterMark: 4 * ENCRYPTED_CHUNK_SIZE });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.queue.push(chunk);
    // Hold back at least one byte: the chunk that ends the stream must carry the last flag.
    // What one call seals goes out as one buffer: fewer, larger writes downstream.
    const sealed: Buffer[] = [];
    while (this.queue.length > CHUNK_SIZE) sealed.push(...sealChunk(this.key, this.counter++, false, this.queue.take(CHUNK_SIZE)));
    if (sealed.length) this.push(Buffer.concat(sealed));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    for (const part of sealChunk(this.key, this.counter++, true, this.queue.take(this.queue.length))) this.push(part);
    callback();
  }
}

/** Sealed chunks in, plaintext out; fails with TAMPERED or TRUNCATED, never releasing an unauthenticated byte. */
export class DecryptStream extends Transform {
  private readonly queue = new ByteQueue();
  private counter = 0;

  constructor(private readonly key: Buffer) {
    super({ highWaterMark: 4 * CHUNK_SIZE });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.queue.push(chunk);
    const opened: Buffer[] = [];
    while (this.queue.length > ENCRYPTED_CHUNK_SIZE) {
      const plaintext = openChunk(this.key, this.counter, false, this.queue.take(ENCRYPTED_CHUNK_SIZE));
      if (!plaintext) {
        callback(new SignetError('TAMPERED', undefined, `chunk ${this.counter} does not authenticate`));
        return;
      }
      this.counter++;
      opened.push(plaintext);
    }
    // Only authenticated chunks are released, and what one call opened goes out as one buffer.
    if (opened.length) this.push(opened.length === 1 ? opened[0] : Buffer.concat(opened));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.queue.take(this.queue.length);
    if (rest.length < TAG_SIZE) {
      callback(new SignetError('TRUNCATED', undefined, `the payload ends ${rest.length} bytes into chunk ${this.counter}`));
      return;
    }
    if (rest.length === TAG_SIZE && this.counter > 0) {
      callback(new SignetError('TAMPERED', undefined, 'an empty last chunk after other chunks'));
      return;
    }
    const plaintext = openChunk(this.key, this.counter, true, rest);
    if (plaintext) {
      this.push(plaintext);
      callback();
      return;
    }
    // A chunk that authenticates as not-last means the chunks after it were cut off.
    const cut = rest.length === ENCRYPTED_CHUNK_SIZE && openChunk(this.key, this.counter, false, rest) !== undefined;
    callback(new SignetError(cut ? 'TRUNCATED' : 'TAMPERED', undefined, cut ? `the payload stops after chunk ${this.counter}` : `last chunk ${this.counter} does not authenticate`));
  }
}
