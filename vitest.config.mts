import { defineConfig } from "vitest/config";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const EXCLUDED = ["node_modules/**", ".next/**", "e2e/**"];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "e2e", ".git"]);

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

/**
 * Test files that replace modules with vi.mock: a worker process shared with other files would keep
 * their mocks (vi.resetModules leaves the mock registry alone), so each runs in a process of its own.
 */
function filesThatMockModules(): string[] {
  return testFiles(import.meta.dirname)
    .filter((file) => fs.readFileSync(file, "utf8").includes("vi.mock("))
    .map((file) => path.relative(import.meta.dirname, file));
}

const mockingFiles = filesThatMockModules();

export default defineConfig({
  // server-only throws outside a React Server bundle; tests load server modules as Node does (tsx: tsconfig.json's paths).
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") } },
  test: {
    exclude: EXCLUDED,
    environment: "node",
    globalSetup: ["lib/db/pglite-template.setup.ts"],
    // next-auth imports "next/server" without an extension, which Node's ESM loader cannot resolve; Vite can.
    server: { deps: { inline: ["next-auth"] } },
    // The SDK's Node 22 notice, printed once per test process on Node 20, buries the suite's own output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // Vitest's default (one worker less than the cores) leaves a 2-core machine, CI's, with one worker: the
    // second core then idles while a file waits on the AWS CLI, boto3, Ansible or a PGlite boot (about 4 s of
    // CPU per file). Files are independent (own database, own server on an ephemeral port), so run at least two.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Most files share a worker process, one after another, so the process, its imports and its
      // embedded database are set up once per worker instead of once per file (about 4 s of CPU each);
      // lib/fresh-process.setup.ts gives each file fresh modules and caches, openFreshTestDatabase an
      // empty database.
      {
        extends: true,
        test: { name: "shared-process", include: ["**/*.test.ts"], exclude: [...EXCLUDED, ...mockingFiles], isolate: false, setupFiles: ["lib/fresh-process.setup.ts"] },
      },
      { extends: true, test: { name: "own-process", include: mockingFiles } },
    ],
  },
});
