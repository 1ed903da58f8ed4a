import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Both are loaded by server.ts too; bundling them would give the app a second copy.
  serverExternalPackages: ["@electric-sql/pglite", "@cloud-copilot/iam-simulate", "pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (server.ts and the sandbox included) as its own stage.
  typescript: { ignoreBuildErrors: true },
  // Static files too; pages also get their per-request CSP from proxy.ts.
  headers: async () => [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }],
};

export default nextConfig;
