import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Both are loaded by server.ts too; bundling them would give the app a second copy.
  serverExternalPackages: ["@electric-sql/pglite", "@cloud-copilot/iam-simulate", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
