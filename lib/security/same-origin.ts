/**
 * Cross-site request refusal for the route handlers that change state (terminal input, closing a
 * terminal, Auth.js's POSTs): a browser names the page that sent the request in `Origin` (and
 * `Sec-Fetch-Site`); one from another site gets 403, as Next refuses cross-origin server actions.
 * The host compared is the one the browser addressed (a reverse proxy's X-Forwarded-Host first).
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function addressedHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** True when a state-changing request was sent by a page of another origin. */
export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const origin = request.headers.get("origin");
  if (origin === null) {
    // No Origin (a non-browser client, which carries no ambient cookies from another site) is
    // allowed unless the browser says the request came from elsewhere.
    const site = request.headers.get("sec-fetch-site");
    return site !== null && site !== "same-origin" && site !== "none";
  }
  const host = addressedHost(request.headers);
  return host === null || originHost(origin) !== host;
}

export function crossSiteRefusal(): Response {
  return Response.json({ error: "Cross-origin request refused." }, { status: 403 });
}

/** Wraps a route handler so a cross-origin write gets 403 before it runs. */
export function sameOriginOnly<R extends Request, Rest extends unknown[]>(handler: (request: R, ...rest: Rest) => Promise<Response>) {
  return async (request: R, ...rest: Rest): Promise<Response> => (isCrossSiteWrite(request) ? crossSiteRefusal() : handler(request, ...rest));
}
