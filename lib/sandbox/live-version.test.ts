import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe("the live version in a process that serves no sandbox", () => {
  it("is unknown, and no embedded database is opened to find that out (a script driving a server, as npm run load does)", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "live-version-"));
    try {
      const script = 'import { liveAccountVersion } from "@/lib/sandbox/live-version"; liveAccountVersion("123456789012", "us-east-1", "AKIAIOSFODNN7EXAMPLE").then((version) => { console.log(String(version)); process.exit(0); });';
      const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["--eval", script], {
        cwd: ROOT,
        env: { ...process.env, VPCLAB_DATA_DIR: dataDir, DATABASE_URL: "" },
      });
      expect(stdout.trim()).toBe("undefined");
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
