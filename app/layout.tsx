import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "VPC Lab", template: "%s · VPC Lab" },
  description: "Learn AWS networking by building it: VPC peering and VPC endpoints, on real AWS or an embedded sandbox.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
