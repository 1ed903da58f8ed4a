import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase, testDatabaseKinds, type TestDatabase } from "@/lib/db/testing";
import { ensureSharedAuthSecret } from "./secret";

/** A process starting with its own data folder and no AUTH_SECRET in its environment. */
async function startProcess(dataDir: string): Promise<string> {
  delete process.env.AUTH_SECRET;
  process.env.VPCLAB_DATA_DIR = dataDir;
  return ensureSharedAuthSecret();
}

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("the session-signing secret on %s", (kind) => {
  let database: TestDatabase;
  const folders: string[] = [];
  const folder = () => {
    folders.push(fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-secret-")));
    return folders.at(-1)!;
  };

  beforeEach(async () => {
    database = await openFreshTestDatabase(kind);
  });
  afterEach(async () => {
    await database.dispose();
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.AUTH_SECRET;
  });

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
