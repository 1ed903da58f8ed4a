import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const SERVER_CHUNKS = path.join(process.cwd(), ".next", "server", "chunks");

/**
 * server.ts runs under tsx, which turns Node's source maps on for the whole process: Node then reads
 * and keeps the map of every server chunk as it loads (~85 MB of one app process's memory when the
 * build shipped them). The production build ships none; `npm run dev` keeps them.
 */
test("a server chunk of the production build, loaded as server.ts loads it, brings no source map into memory", () => {
  const chunk = fs
    .readdirSync(SERVER_CHUNKS)
    .filter((file) => file.endsWith(".js"))
    .map((file) => path.join(SERVER_CHUNKS, file))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  expect(fs.readFileSync(chunk, "utf8").includes("//# sourceMappingURL="), `${path.basename(chunk)} names a source map`).toBe(false);
  const probe = `const { findSourceMap } = require("node:module"); require(${JSON.stringify(chunk)}); console.log(JSON.stringify({ enabled: process.sourceMapsEnabled, map: findSourceMap(${JSON.stringify(chunk)}) !== undefined }));`;
  const seen = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", probe], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } }));
  expect(seen).toEqual({ enabled: true, map: false });
});
