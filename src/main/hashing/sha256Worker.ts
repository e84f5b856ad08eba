// SHA-256 on the second core. Sealing and opening hash every file and run AES-GCM over
// the same bytes; one thread does both at half the machine's speed (docs/PERFORMANCE.md).
// This hands the hashing to a worker thread: bytes are copied into one of a few slots
// (a copy costs a few percent of a hash); a full slot is moved to the worker (a
// transfer, not a copy), which hashes it and moves it back. The caller only waits when
// every slot is away being hashed. Plain ArrayBuffers, not shared memory: V8 copies
// into a SharedArrayBuffer byte by byte, which cost more than the hashing saved.
//
// The worker's code is a fixed string run with `eval`, so it needs no separate file in
// either build (tsc's dist/node and electron-vite's bundle); it reads nothing but its
// slots and answers nothing but digests. It takes its modules from
// process.getBuiltinModule, so it runs whether `eval` treats it as CommonJS or, when
// the process was started with --input-type=module, as an ES module.
import { Worker } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';

const SLOT_SIZE = 1024 * 1024;
const SLOTS = 4;

const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
let hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.slot !== undefined) {
    hash.update(new Uint8Array(message.slot, 0, message.length));
    parentPort.postMessage({ free: message.slot }, [message.slot]);
  } else {
    parentPort.postMessage({ digest: hash.digest('hex') });
    hash = createHash('sha256');
  }
});
`;

type Reply = { free: ArrayBuffer } | { digest: string };

/** One running SHA-256 at a time, computed on a worker thread; call `close` when done. */
export class Sha256Worker {
  private readonly worker: Worker;
  private readonly free: ArrayBuffer[] = [];
  /** The slot being filled, and how full it is. */
  private filling?: Buffer;
  private filled = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private digestWaiter?: { resolve: (hex: string) => void; reject: (error: Error) => void };
  private failure?: Error;

  constructor() {
    for (let slot = 0; slot < SLOTS; slot++) this.free.push(new ArrayBuffer(SLOT_SIZE));
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.on('message', (reply: Reply) => {
      if ('free' in reply) {
        this.free.push(reply.free);
        this.slotWaiters.shift()?.();
      } else {
        const waiter = this.digestWaiter;
        this.digestWaiter = undefined;
        waiter?.resolve(reply.digest);
      }
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.digestWaiter?.reject(error);
      for (const wake of this.slotWaiters.splice(0)) wake();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the hashing thread stopped')));
  }

  private async slot(): Promise<Buffer> {
    while (this.free.length === 0 && !this.failure) await new Promise<void>((wake) => this.slotWaiters.push(wake));
    if (this.failure) throw this.failure;
    return Buffer.from(this.free.shift()!);
  }

  /** Adds `data` to the running hash; resolves once it is copied, not once it is hashed. */
  async update(data: Uint8Array): Promise<void> {
    let at = 0;
    while (at < data.length) {
      this.filling ??= await this.slot();
      const n = Math.min(SLOT_SIZE - this.filled, data.length - at);
      this.filling.set(data.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === SLOT_SIZE) this.send();
    }
  }

  private send(): void {
    if (this.filling === undefined) return;
    const slot = this.filling.buffer as ArrayBuffer;
    this.worker.postMessage({ slot, length: this.filled }, [slot]);
    this.filling = undefined;
    this.filled = 0;
  }

  /** The hex digest of everything since the last digest; the next update starts a new hash. */
  digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.digestWaiter) return Promise.reject(new Error('one digest at a time'));
    this.send();
    return new Promise((resolve, reject) => {
      this.digestWaiter = { resolve, reject };
      this.worker.postMessage({});
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the hashing thread was closed');
    await this.worker.terminate();
  }
}

/** What sealing and opening need from a file hash. */
export interface FileHash {
  update(data: Uint8Array): Promise<void> | void;
  digest(): Promise<string>;
}

/** Below this size a file is hashed on the calling thread: starting a worker costs more. */
export const PARALLEL_HASH_THRESHOLD = 8 * 1024 * 1024;

/**
 * Hashes for the files of one seal or open, in turn: large files on a worker thread
 * (started on first need, shared by the files that follow), small ones inline.
 */
export class FileHashes {
  private worker?: Sha256Worker;

  forFile(size: number): FileHash {
    if (size < PARALLEL_HASH_THRESHOLD) {
      const hash: Hash = createHash('sha256');
      return { update: (data) => void hash.update(data), digest: async () => hash.digest('hex') };
    }
    const worker = (this.worker ??= new Sha256Worker());
    return { update: (data) => worker.update(data), digest: () => worker.digest() };
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}
