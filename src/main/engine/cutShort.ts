// Telling a file cut short from a changed one when its last chunk does not
// authenticate (docs/FORMAT.md, "Payload"): a cut file is one whose bytes end before
// its structure says. The refused chunk is decrypted without authentication, in
// memory, and read only for its record types and lengths by a fork of the container
// reader at its place in the stream; no byte of it is released, written or shown,
// and all it decides is which of two refusals is reported.
import { TAG_SIZE } from '../format/constants.js';
import type { ContainerReader } from '../format/container.js';

/**
 * Whether `tail`, the refused last chunk decrypted as if its last 16 bytes were
 * ciphertext too, leaves the container unfinished, or finishes it with fewer than 16
 * bytes after (a tag cut off): the file ends before its structure says. A container
 * that ends 16 or more bytes before the file does, bytes that do not parse as records,
 * or a manifest or signature that is not text so far, are a changed chunk.
 */
/**
 * The manifest and signature block are canonical JSON (docs/FORMAT.md): UTF-8 text
 * without control characters. A file cut inside one ends in such text (perhaps in the
 * middle of a character); a length made larger by a change swallows record headers or
 * the tag instead, which are not.
 */
function couldBeJsonText(bytes: Buffer): boolean {
  if (bytes.some((b) => b < 0x20 || b === 0x7f)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

async function endsInsideContainer(reader: ContainerReader, tail: Buffer): Promise<boolean> {
  const shadow = reader.fork();
  const body = Math.max(0, tail.length - TAG_SIZE);
  try {
    await shadow.write(tail.subarray(0, body));
  } catch {
    return false;
  }
  if (shadow.complete) return false;
  try {
    await shadow.write(tail.subarray(body));
  } catch {
    // Only bytes after a finished container: what is left of a tag.
    return shadow.complete;
  }
  const blob = shadow.blobSoFar;
  return blob === undefined || couldBeJsonText(blob);
}

/** Whether the refused last chunk, decrypted as not-last or as last (ChunkOpener.refusedLastChunk), is a file cut short. */
export async function isCutShort(reader: ContainerReader, guesses: Buffer[]): Promise<boolean> {
  for (const tail of guesses) if (await endsInsideContainer(reader, tail)) return true;
  return false;
}
