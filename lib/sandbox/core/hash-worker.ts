/**
 * Digests of streamed request payloads (S3 PutObject and UploadPart bodies) computed on a worker
 * thread. MD5, SHA-256 and CRC-32 of a 5 MiB part cost ~10 ms of CPU; on the event loop that time
 * was taken from every other tenant's calls, and they took it back from the upload (a part's p50
 * went from ~45 to ~65 ms while another tenant called DescribeVpcs). On the worker they run beside
 * the loop, on the machine's other core.
 *
 * Bytes go over through a ring of shared memory: the loop copies a batch in (into pages already
 * mapped: copying into fresh memory for each batch cost the loop half of what hashing did, in
 * page faults) and posts where it lies; the worker hashes it there and says when the space is
 * free again. The worker takes messages in order, so space comes back in the order it was lent.
 * A payload that ends before its first batch is hashed in place: a round trip costs more than
 * hashing a few kilobytes.
 */
import crypto from "node:crypto";
import { Worker } from "node:worker_threads";
import { processSingleton } from "@/lib/process-singleton";
import { incrementalChecksum } from "./checksums";

export type OffThreadAlgorithm = "md5" | "sha1" | "sha256" | "crc32";

/** Bytes copied to the worker at a time. */
export const BATCH_BYTES = 256 * 1024;
/** The shared ring: bytes handed over and not hashed yet, across all payloads. A producer past it waits. */
export const RING_BYTES = 16 * 1024 * 1024;

/** The worker: node's own modules only, so it needs no file of its own to load. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const crypto = require("node:crypto");
const zlib = require("node:zlib");
const ring = Buffer.from(workerData.ring);
function hasherFor(algorithm) {
  if (algorithm !== "crc32") return crypto.createHash(algorithm);
  let crc = 0;
  return {
    update: (data) => void (crc = zlib.crc32(data, crc)),
    digest: () => { const out = Buffer.alloc(4); out.writeUInt32BE(crc >>> 0); return out; },
  };
}
const jobs = new Map();
parentPort.on("message", (message) => {
  if (message.start) return void jobs.set(message.job, message.start.map(hasherFor));
  const hashers = jobs.get(message.job);
  if (message.length !== undefined) {
    const data = ring.subarray(message.offset, message.offset + message.length);
    for (const hasher of hashers ?? []) hasher.update(data);
    parentPort.postMessage({ freed: true });
  }
  if (message.cancel) jobs.delete(message.job);
  if (message.end) {
    jobs.delete(message.job);
    parentPort.postMessage({ job: message.job, digests: (hashers ?? []).map((hasher) => hasher.digest()) });
  }
});
`;

/** A payload too short for a batch, hashed on the loop with the same algorithms. */
function digestsInPlace(algorithms: readonly OffThreadAlgorithm[], pieces: Buffer[]): Buffer[] {
  return algorithms.map((algorithm) => {
    if (algorithm === "md5") return pieces.reduce((hash, piece) => hash.update(piece), crypto.createHash("md5")).digest();
    const checksum = incrementalChecksum(algorithm);
    for (const piece of pieces) checksum.update(piece);
    return Buffer.from(checksum.digest(), "base64");
  });
}

interface Reply {
  freed?: true;
  job?: number;
  digests?: Uint8Array[];
}

interface Waiting {
  resolve(digests: Buffer[]): void;
  reject(error: Error): void;
}

/** The regions of the ring lent to the worker, oldest first; it frees them in that order. */
class Ring {
  readonly bytes: Buffer;
  private readonly lent: { start: number; end: number }[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(readonly memory: SharedArrayBuffer) {
    this.bytes = Buffer.from(memory);
  }

  /**
   * Lends `length` bytes once they are free, to `fill`, which must post them to the worker before it
   * returns: regions are freed in the order lent, so they must reach the worker in that order.
   */
  async lend(length: number, fill: (offset: number) => void): Promise<void> {
    for (;;) {
      const start = this.freeStart(length);
      if (start !== undefined) {
        this.lent.push({ start, end: start + length });
        return fill(start);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** The worker is done with the oldest region. */
  free(): void {
    this.lent.shift();
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** The worker failed: whoever waits goes on (to find the job failed). */
  release(): void {
    this.lent.length = 0;
    for (const wake of this.waiting.splice(0)) wake();
  }

  private freeStart(length: number): number | undefined {
    if (this.lent.length === 0) return 0;
    const oldest = this.lent[0].start;
    const head = this.lent[this.lent.length - 1].end;
    if (head > oldest) {
      if (this.bytes.length - head >= length) return head;
      return oldest >= length ? 0 : undefined;
    }
    return oldest - head >= length ? head : undefined;
  }
}

interface HashWorker {
  post(message: object): void;
  ring: Ring;
  jobs: Map<number, Waiting>;
  nextJob: number;
  failed?: Error;
}

/** The process's hash worker, started when first needed and again after it fails. */
function hashWorker(): HashWorker {
  return processSingleton("hash-worker", () => {
    const ring = new Ring(new SharedArrayBuffer(RING_BYTES));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring: ring.memory } });
    // A process with nothing else to do does not stay up for the worker.
    worker.unref();
    const state: HashWorker = { post: (message) => worker.postMessage(message), ring, jobs: new Map(), nextJob: 1 };
    worker.on("message", (reply: Reply) => {
      if (reply.freed) ring.free();
      if (reply.job === undefined || !reply.digests) return;
      const waiting = state.jobs.get(reply.job);
      state.jobs.delete(reply.job);
      waiting?.resolve(reply.digests.map((digest) => Buffer.from(digest)));
    });
    const fail = (error: Error) => {
      if (state.failed) return;
      state.failed = error;
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("vpc-lab.sandbox.hash-worker")];
      for (const waiting of state.jobs.values()) waiting.reject(error);
      state.jobs.clear();
      ring.release();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the hash worker exited (${code})`)));
    return state;
  });
}

/** Digests of one stream of bytes, with several algorithms, computed on the hash worker. */
export class HashJob {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private started: { worker: HashWorker; id: number; done: Promise<Buffer[]> } | null = null;
  private ended = false;

  constructor(private readonly algorithms: readonly OffThreadAlgorithm[]) {}

  /** Adds bytes; waits only while the ring is full. */
  async update(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingBytes += data.length;
    while (this.pendingBytes >= BATCH_BYTES) await this.send(BATCH_BYTES);
  }

  /** The digests, in the order of the algorithms. */
  async digests(): Promise<Buffer[]> {
    this.ended = true;
    if (!this.started) return digestsInPlace(this.algorithms, this.pending);
    if (this.pendingBytes > 0) await this.send(this.pendingBytes);
    const { worker, id, done } = this.started;
    if (worker.failed) throw worker.failed;
    worker.post({ job: id, end: true });
    return done;
  }

  /** Gives up (the payload failed): the worker forgets the job. */
  cancel(): void {
    if (!this.started || this.ended) return;
    this.ended = true;
    this.started.worker.jobs.delete(this.started.id);
    this.started.worker.post({ job: this.started.id, cancel: true });
  }

  private start(): { worker: HashWorker; id: number } {
    const worker = hashWorker();
    const id = worker.nextJob++;
    const done = new Promise<Buffer[]>((resolve, reject) => worker.jobs.set(id, { resolve, reject }));
    // Read by digests(); a payload that fails first never asks, and a failed worker is then no unhandled rejection.
    done.catch(() => undefined);
    worker.post({ job: id, start: this.algorithms });
    this.started = { worker, id, done };
    return this.started;
  }

  /** Copies the first `length` pending bytes into the ring and tells the worker where they are. */
  private async send(length: number): Promise<void> {
    const { worker, id } = this.started ?? this.start();
    await worker.ring.lend(length, (offset) => {
      let copied = 0;
      while (copied < length) {
        const piece = this.pending[0];
        const used = piece.copy(worker.ring.bytes, offset + copied, 0, Math.min(piece.length, length - copied));
        copied += used;
        if (used === piece.length) this.pending.shift();
        else this.pending[0] = piece.subarray(used);
      }
      this.pendingBytes -= length;
      worker.post({ job: id, offset, length });
    });
    if (worker.failed) throw worker.failed;
  }
}
