const PLACEHOLDER_ORIGIN = "http://return-path.invalid";

/**
 * Where to go after signing in: a path on this site, parsed as a URL the way a browser parses a
 * Location header, else "/". Control characters (tabs and newlines the URL parser drops, header
 * injection), backslashes (read as slashes) and anything resolving to another origin or to a
 * protocol-relative path ("//host", "/..//host") are refused.
 */
export function safeReturnPath(value: FormDataEntryValue | string | null | undefined): string {
  if (typeof value !== "string" || value.length > 2048 || !value.startsWith("/")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}

/**
 * Auth.js's redirect callback: every redirect it makes (after a sign-in, a sign-out, a GitHub
 * round trip whose callbackUrl came from a query or a cookie) goes through the same rule.
 */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let target: string;
  if (url.startsWith("/")) target = url;
  else {
    try {
      const parsed = new URL(url);
      target = parsed.origin === new URL(baseUrl).origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : "/";
    } catch {
      target = "/";
    }
  }
  return `${baseUrl.replace(/\/+$/, "")}${safeReturnPath(target)}`;
}
