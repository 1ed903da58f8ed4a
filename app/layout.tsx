import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "VPC Lab", template: "%s · VPC Lab" },
  description: "Learn AWS networking by building it: VPC peering and VPC endpoints, on real AWS or an embedded sandbox.",
};

/** Every page is rendered per request: its scripts carry the request's CSP nonce (proxy.ts). */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
