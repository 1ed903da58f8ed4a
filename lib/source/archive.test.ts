import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { sourceFiles, sourceZip } from "./archive";

describe("the running version's source (AGPL §13)", () => {
  it("zips the files this server runs from, the licence and the lockfile included", () => {
    const root = process.cwd();
    const files = unzipSync(sourceZip(root));
    expect(strFromU8(files["vpc-lab/LICENSE"])).toContain("GNU AFFERO GENERAL PUBLIC LICENSE");
    expect(strFromU8(files["vpc-lab/app/source/route.ts"])).toBe(fs.readFileSync(path.join(root, "app/source/route.ts"), "utf8"));
    expect(files["vpc-lab/package-lock.json"]).toBeDefined();
    expect(Object.keys(files).some((name) => name.includes("node_modules/") || name.startsWith("vpc-lab/.next/"))).toBe(false);
  });

  it("without git, walks the folder and leaves out what is installed, built or secret", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-source-"));
    for (const file of ["server.ts", "lib/a.ts", "node_modules/x/index.js", ".next/build.js", ".data/AUTH_SECRET", ".env.local"]) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), "x");
    }
    expect(sourceFiles(root)).toEqual(["lib/a.ts", "server.ts"]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
