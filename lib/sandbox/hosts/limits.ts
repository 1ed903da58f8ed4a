/**
 * What a simulated host holds, so one student's files or strings never make every later command
 * of the account (or the server) slow: a small disk, Linux's limit on one argument, and a cap on
 * what a run keeps of its output. Each limit is answered with the error a real shell gives
 * (docs/limits.md).
 */
import type { HostFiles } from "./types";

export const HOST_LIMITS = {
  /** One file (bytes as UTF-16 characters): over it, a write is "No space left on device". */
  fileChars: 64 * 1024,
  /**
   * All the host's files and directories together: the instance's disk, as the sandbox models it.
   * The files of an account's hosts in a Region share one state document, read and written with
   * every command: 20 instances of 128 KiB stay well inside core/state-store's MAX_STATE_CHARS.
   */
  diskChars: 128 * 1024,
  /** Linux's MAX_ARG_STRLEN (32 pages): one argument or environment string longer is E2BIG. */
  argumentChars: 131_072,
  /** Linux's ARG_MAX (2 MiB): all the arguments of one command together, 8 bytes of pointer each included. */
  argumentsChars: 2 * 1024 * 1024,
  /** What a script run keeps of its stdout and of its stderr (SSM itself shows 24,000 characters). */
  outputChars: 1024 * 1024,
} as const;

export const NO_SPACE = "No space left on device";
export const ARGUMENT_LIST_TOO_LONG = "Argument list too long";

/** The disk space the files use: paths and contents. */
export function diskUsage(files: HostFiles): number {
  let used = 0;
  for (const [name, content] of Object.entries(files)) used += name.length + content.length;
  return used;
}

/** Whether replacing `path`'s content with `content` still fits the file and the disk. */
export function fitsOnDisk(files: HostFiles, path: string, content: string): boolean {
  if (content.length > HOST_LIMITS.fileChars) return false;
  const previous = Object.hasOwn(files, path) ? path.length + files[path].length : 0;
  return diskUsage(files) - previous + path.length + content.length <= HOST_LIMITS.diskChars;
}

/** Thrown while expanding a word that grows past one argument's limit. */
export class ArgumentTooLong extends Error {}

/** Appends to a capped buffer: what goes past `limit` is dropped. */
export function appendCapped(buffer: string, text: string, limit: number): string {
  if (buffer.length >= limit) return buffer;
  return buffer.length + text.length <= limit ? buffer + text : buffer + text.slice(0, limit - buffer.length);
}
