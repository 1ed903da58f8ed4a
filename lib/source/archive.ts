/**
 * The running version's source, for AGPL-3.0 §13: users who interact with the console over a network
 * can download the Corresponding Source of the very files this server runs from.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { zipSync, type Zippable } from "fflate";

/** What is built, installed or generated rather than written: never part of the source. */
const NOT_SOURCE = new Set(["node_modules", ".next", ".git", "test-results", "playwright-report", "bench"]);

function isNotSource(name: string): boolean {
  return NOT_SOURCE.has(name) || name === ".data" || name.startsWith(".data-") || name.startsWith(".env");
}

/** In a checkout: the files git tracks and the new ones it does not ignore (a local change is source too). */
function trackedFiles(root: string): string[] | undefined {
  try {
    const output = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const files = output.split("\0").filter(Boolean);
    return files.length > 0 ? files : undefined;
  } catch {
    return undefined;
  }
}

/** Every file below the root except what is built or installed (a deployment without git). */
function walkedFiles(root: string, dir = ""): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    if (isNotSource(entry.name)) return [];
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return walkedFiles(root, relative);
    return entry.isFile() ? [relative] : [];
  });
}

export function sourceFiles(root: string): string[] {
  return (trackedFiles(root) ?? walkedFiles(root)).filter((file) => fs.existsSync(path.join(root, file))).sort();
}

/** The source as one zip, every file under a `vpc-lab/` folder, as the files are on disk now. */
export function sourceZip(root: string): Uint8Array {
  const entries: Zippable = {};
  for (const file of sourceFiles(root)) {
    entries[`vpc-lab/${file.split(path.sep).join("/")}`] = [fs.readFileSync(path.join(root, file)), { level: 6 }];
  }
  return zipSync(entries);
}

let cached: Uint8Array | undefined;

/** The zip of this process's source, made once: the files do not change under a running server. */
export function runningSourceZip(): Uint8Array {
  cached ??= sourceZip(process.cwd());
  return cached;
}
