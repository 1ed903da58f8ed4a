import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase, testDatabaseKinds, type TestDatabase, type TestDatabaseKind } from "@/lib/db/testing";
import { ensureSharedAuthSecret } from "./secret";

/** A process starting with its own data folder and no AUTH_SECRET in its environment. */
async function startProcess(dataDir: string): Promise<string> {
  delete process.env.AUTH_SECRET;
  process.env.VPCLAB_DATA_DIR = dataDir;
  return ensureSharedAuthSecret();
}

const folders: string[] = [];
const folder = () => {
  folders.push(fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-secret-")));
  return folders.at(-1)!;
};

function onFreshDatabase(kind: TestDatabaseKind) {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openFreshTestDatabase(kind);
  });
  afterEach(async () => {
    await database.dispose();
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.AUTH_SECRET;
  });
}

describe("the session-signing secret on the embedded database", () => {
  onFreshDatabase("pglite");

  it("is made once into the data folder, readable by its owner only, and read again on the next start: a restart signs nobody out", async () => {
    const dataDir = folder();
    const first = await startProcess(dataDir);
    const file = path.join(dataDir, "auth-secret");
    expect(fs.readFileSync(file, "utf8")).toBe(`${first}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await startProcess(dataDir)).toBe(first);
    expect(await startProcess(folder())).not.toBe(first);
  });
});

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("the session-signing secret on %s", (kind) => {
  onFreshDatabase(kind);

  it("is the same for every app process on the database, so a session cookie from one is valid on another", async () => {
    const first = await startProcess(folder());
    const second = await startProcess(folder());
    expect(second).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(43);
  });

  it("is the data folder's existing secret when a single server moves to several (nobody is signed out)", async () => {
    const existing = folder();
    fs.writeFileSync(path.join(existing, "auth-secret"), "secret-of-the-single-server\n");
    expect(await startProcess(existing)).toBe("secret-of-the-single-server");
    expect(await startProcess(folder())).toBe("secret-of-the-single-server");
  });
});
