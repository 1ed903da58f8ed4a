import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Both are loaded by server.ts too; bundling them would give the app a second copy.
  serverExternalPackages: ["@electric-sql/pglite", "@cloud-copilot/iam-simulate", "pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (server.ts and the sandbox included) as its own stage.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
