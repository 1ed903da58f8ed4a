/**
 * The security headers of every page. The Content-Security-Policy carries a fresh nonce per
 * request (proxy.ts): Next reads it from the request's CSP header and puts it on its own scripts,
 * so only scripts this server sent run. Styles stay 'unsafe-inline': React Flow and xterm set
 * inline styles and add <style> elements at run time (a nonce in style-src would void that).
 */

/** Headers for every response, static files included (next.config.ts). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  // For browsers without CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
];

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
}

export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': the nonce'd scripts may load the page's chunks; React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Exported pictures are shown and downloaded through blob: URLs; xterm and React Flow use data: images.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign in with GitHub posts to Auth.js, which redirects to GitHub.
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The nonce a page's own inline scripts must carry, read from the request's Content-Security-Policy (proxy.ts puts it there). */
export function nonceOf(policy: string | null): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}

/** Every security header of a page response: the static ones and the CSP with this request's nonce. */
export function pageSecurityHeaders(nonce: string): Record<string, string> {
  return { ...Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value])), "Content-Security-Policy": contentSecurityPolicy(nonce) };
}
