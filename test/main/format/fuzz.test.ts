// Properties over hostile input (fast-check): arbitrary bytes never crash the header
// parser, the container reader or the stream decoder with anything but a SignetError,
// never reach a sink with an unsafe name, and never release unauthenticated plaintext;
// and any plaintext survives sealing and opening unchanged.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BODY, PAYLOAD_CHUNK_SIZE, magic } from '../../../src/main/format/constants.js';
import { ContainerReader, fileRecordHeader, folderRecord } from '../../../src/main/format/container.js';
import { HEADER_PREFIX_SIZE, headerRemainder, parseHeader } from '../../../src/main/format/header.js';
import { unsafeNameReason } from '../../../src/main/format/names.js';
import { ChunkOpener, ChunkSealer } from '../../../src/main/format/streamAead.js';
import { SignetError } from '../../../src/shared/errors.js';

const signetOrNothing = (run: () => unknown): void => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError);
  }
};

const MAGIC = magic(1);
const CHUNK_SIZE = PAYLOAD_CHUNK_SIZE[1];

// Names: plain strings, any code points, and pieces of paths, look-alikes and invisible characters put together.
const trickyPieces = ['..', '.', '/', 'a', 'CON', '\u2025', '\uff0e', '\uff0f', '\u2215', '\u202e', '\u200b', '\u200d', '\uff23\uff2f\uff2e', 'e\u0301', '\u00e9', ' '];
const names = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.constantFrom(...trickyPieces), { maxLength: 6 }).map((pieces) => pieces.join('')),
);

describe('hostile bytes', () => {
  it('the header parser refuses with a SignetError and never asks for more than the bound', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (bytes, withMagic) => {
        const input = withMagic ? Buffer.concat([MAGIC, Buffer.from(bytes)]) : Buffer.from(bytes);
        signetOrNothing(() => {
          const remainder = headerRemainder(input.subarray(0, HEADER_PREFIX_SIZE));
          expect(remainder).toBeLessThanOrEqual(MAX_HEADER_BODY + 32);
        });
        signetOrNothing(() => parseHeader(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('the container reader only ever hands safe names to its sink, and fails with a SignetError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
            names.map((name) => folderRecord(name)),
            fc.tuple(names, fc.nat({ max: 64 })).map(([name, size]) => Buffer.concat([fileRecordHeader(name, size), Buffer.alloc(size)])),
          ),
          { maxLength: 8 },
        ),
        async (parts) => {
          const seen: string[] = [];
          const sink = {
            folder: async (path: string) => void seen.push(path),
            fileStart: async (path: string) => void seen.push(path),
            fileData: async () => undefined,
            fileEnd: async () => undefined,
          };
          const reader = new ContainerReader(sink);
          try {
            for (const part of parts) await reader.write(part);
            reader.end();
          } catch (error) {
            expect(error).toBeInstanceOf(SignetError);
          }
          for (const path of seen) expect(unsafeNameReason(path)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the stream decoder releases nothing from bytes that were not sealed with its key', async () => {
    const key = randomBytes(32);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3 * (CHUNK_SIZE + 16) }), async (bytes) => {
        let released = 0;
        let error: unknown;
        try {
          const opener = new ChunkOpener(key, CHUNK_SIZE);
          for (const plaintext of opener.open(bytes)) released += plaintext.length;
          released += opener.finish().length;
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SignetError);
        expect(['TAMPERED', 'TRUNCATED']).toContain((error as SignetError).code);
        expect(released).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('round trips', () => {
  it('any plaintext, written in any pieces, comes back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * CHUNK_SIZE + 7 }), fc.integer({ min: 1, max: 100_000 }), async (size, piece) => {
        const key = randomBytes(32);
        const plaintext = randomBytes(size);
        const pieces: Buffer[] = [];
        for (let at = 0; at < size; at += piece) pieces.push(plaintext.subarray(at, at + piece));
        // The sealer and opener copy what they keep, so reusing the caller's buffer is safe.
        const sealer = new ChunkSealer(key, CHUNK_SIZE);
        const scratch = Buffer.alloc(piece);
        const sealed: Buffer[] = [];
        for (const p of pieces) {
          p.copy(scratch);
          sealed.push(...sealer.seal(scratch.subarray(0, p.length)));
          scratch.fill(0xaa);
        }
        sealed.push(...sealer.finish());
        const all = Buffer.concat(sealed);
        const opener = new ChunkOpener(key, CHUNK_SIZE);
        const opened: Buffer[] = [];
        for (let at = 0; at < all.length; at += piece) {
          const view = Buffer.from(all.subarray(at, at + piece));
          opened.push(...opener.open(view));
          view.fill(0x55);
        }
        opened.push(opener.finish());
        expect(Buffer.concat(opened).equals(plaintext)).toBe(true);
        // Every chunk but the last is whole: the same bytes as sealing in one piece.
        const once = new ChunkSealer(key, CHUNK_SIZE);
        expect(Buffer.concat([...once.seal(plaintext), ...once.finish()]).equals(all)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
