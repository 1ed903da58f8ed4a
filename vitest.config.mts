import { defineConfig } from "vitest/config";
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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
