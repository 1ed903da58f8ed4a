import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

export default function nextConfig(phase: string): NextConfig {
  return {
    // pglite and iam-simulate are loaded by server.ts too (bundling them would give the app a second
    // copy); resvg is a native addon, loaded from node_modules as it is.
    serverExternalPackages: ["@electric-sql/pglite", "@cloud-copilot/iam-simulate", "pg", "@resvg/resvg-js", "playwright-core"],
    poweredByHeader: false,
    // `npm test` type-checks the whole tree (server.ts and the sandbox included) as its own stage.
    typescript: { ignoreBuildErrors: true },
    // Static files too; pages also get their per-request CSP from proxy.ts.
    headers: async () => [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }],
    experimental: {
      // No source maps in the production build (the browser gets none there anyway). server.ts runs
      // under tsx, which turns on Node's source maps for the whole process, and Node then reads and
      // keeps every server chunk's map as the chunk loads: ~89 MB of maps on disk, ~58 MB more RSS
      // per app process, part of it loaded during a class. `npm run dev` keeps them.
      turbopackSourceMaps: phase !== PHASE_PRODUCTION_BUILD,
    },
  };
}
