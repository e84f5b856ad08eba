// Properties over hostile input (fast-check): arbitrary bytes never crash the header
// parser, the container reader or the stream decoder with anything but a SignetError,
// never reach a sink with an unsafe name, and never release unauthenticated plaintext;
// and any plaintext survives sealing and opening unchanged.
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, MAX_HEADER_BODY } from '../../../src/main/format/constants.js';
import { ContainerReader, fileRecordHeader, folderRecord } from '../../../src/main/format/container.js';
import { HEADER_PREFIX_SIZE, headerRemainder, parseHeader } from '../../../src/main/format/header.js';
import { unsafeNameReason } from '../../../src/main/format/names.js';
import { DecryptStream, EncryptStream } from '../../../src/main/format/streamAead.js';
import { SignetError } from '../../../src/shared/errors.js';

const signetOrNothing = (run: () => unknown): void => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError);
  }
};

const MAGIC = Buffer.from([0x53, 0x49, 0x47, 0x4e, 0x45, 0x54, 0x00, 0x01]);

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
            fc.string({ maxLength: 40 }).map((name) => folderRecord(name)),
            fc.tuple(fc.string({ maxLength: 40 }), fc.nat({ max: 64 })).map(([name, size]) => Buffer.concat([fileRecordHeader(name, size), Buffer.alloc(size)])),
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
          await pipeline(Readable.from(parts.length ? parts : [Buffer.alloc(0)]), new ContainerReader(sink)).catch((error: unknown) => {
            expect(error).toBeInstanceOf(SignetError);
          });
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
        const error = await pipeline(
          Readable.from([Buffer.from(bytes)]),
          new DecryptStream(key),
          new Writable({
            write(chunk: Buffer, _e, callback) {
              released += chunk.length;
              callback();
            },
          }),
        ).then(
          () => undefined,
          (e: unknown) => e,
        );
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
        const sealed: Buffer[] = [];
        await pipeline(Readable.from(pieces), new EncryptStream(key), new Writable({ write: (c: Buffer, _e, cb) => (sealed.push(c), cb()) }));
        const opened: Buffer[] = [];
        await pipeline(Readable.from([Buffer.concat(sealed)]), new DecryptStream(key), new Writable({ write: (c: Buffer, _e, cb) => (opened.push(c), cb()) }));
        expect(Buffer.concat(opened).equals(plaintext)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
