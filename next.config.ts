import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // pglite and iam-simulate are loaded by server.ts too (bundling them would give the app a second
  // copy); resvg is a native addon, loaded from node_modules as it is.
  serverExternalPackages: ["@electric-sql/pglite", "@cloud-copilot/iam-simulate", "pg", "@resvg/resvg-js", "playwright-core"],
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (server.ts and the sandbox included) as its own stage.
  typescript: { ignoreBuildErrors: true },
  // Static files too; pages also get their per-request CSP from proxy.ts.
  headers: async () => [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }],
};

export default nextConfig;
