/**
 * Password hashes: scrypt (node:crypto) at one of OWASP's recommended settings, computed on
 * libuv's thread pool, so a class signing up does not hold the event loop every other request
 * waits on (bcryptjs, before, hashed on it, 100 ms at a time). Hashes are PHC strings,
 * `$scrypt$ln=14,r=8,p=5$<salt>$<key>`; bcrypt hashes made before still verify, and a sign-in
 * that verified one replaces it (`needsRehash`).
 */
import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import bcrypt from "bcryptjs";
import { processSingleton } from "@/lib/process-singleton";

/**
 * OWASP's "N=2^14 (16 MiB), r=8, p=5" (Password Storage Cheat Sheet), one of its equivalent minimum
 * settings: the one that took the least CPU here (~235 ms a hash; bcryptjs at cost 11 took 130-180 ms).
 */
const COST = { log2N: 14, r: 8, p: 5 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

interface ScryptHash {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/**
 * Hashes run a few at a time: each holds a thread of libuv's pool (4 by default, shared with file
 * I/O such as S3's blobs) and a core. One core is left to the event loop.
 */
const MAX_PARALLEL_HASHES = Math.min(3, Math.max(1, os.availableParallelism() - 1));

class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_PARALLEL_HASHES) await new Promise<void>((start) => this.waiting.push(start));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

const hashQueue = processSingleton("password-hash-queue", () => new HashQueue());

function scrypt(password: string, salt: Buffer, cost: Pick<ScryptHash, "log2N" | "r" | "p">, keyBytes: number): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options = { N, r: cost.r, p: cost.p, maxmem: 2 * 128 * N * cost.r };
  return hashQueue.run(
    () => new Promise((resolve, reject) => crypto.scrypt(password.normalize("NFC"), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)))),
  );
}

const base64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "");

function parseScryptHash(hash: string): ScryptHash | undefined {
  const match = PHC.exec(hash);
  if (!match) return undefined;
  const [log2N, r, p] = match.slice(1, 4).map(Number);
  return { log2N, r, p, salt: Buffer.from(match[4], "base64"), key: Buffer.from(match[5], "base64") };
}

const isBcryptHash = (hash: string) => /^\$2[aby]\$\d\d\$/.test(hash);

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, COST, KEY_BYTES);
  return `$scrypt$ln=${COST.log2N},r=${COST.r},p=${COST.p}$${base64(salt)}$${base64(key)}`;
}

/** Whether the password matches the stored hash (scrypt, or bcrypt from before); false for a hash neither reads. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (isBcryptHash(hash)) return bcrypt.compare(password, hash);
  const stored = parseScryptHash(hash);
  if (!stored) return false;
  const key = await scrypt(password, stored.salt, stored, stored.key.length);
  return crypto.timingSafeEqual(key, stored.key);
}

/** A stored hash that is not scrypt at today's cost: replaced at the next sign-in that verifies it. */
export function needsRehash(hash: string): boolean {
  const stored = parseScryptHash(hash);
  return !stored || stored.log2N !== COST.log2N || stored.r !== COST.r || stored.p !== COST.p;
}

/** A hash to compare against when the account does not exist, so both failures take as long. */
const missingAccountHash = `$scrypt$ln=${COST.log2N},r=${COST.r},p=${COST.p}$${base64(Buffer.alloc(SALT_BYTES))}$${base64(Buffer.alloc(KEY_BYTES))}`;

export async function verifyPasswordOrDecoy(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await verifyPassword(password, missingAccountHash);
    return false;
  }
  return verifyPassword(password, hash);
}
