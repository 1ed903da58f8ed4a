import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

export default defineConfig({
  // server-only throws outside a React Server bundle; tests load server modules as Node does (tsx: tsconfig.json's paths).
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
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
  },
});
