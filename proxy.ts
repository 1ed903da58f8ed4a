import NextAuth from "next-auth";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { baseAuthConfig } from "@/lib/auth/config";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { SIGNED_OUT } from "@/lib/auth/signed-out";
import { safeReturnPath } from "@/lib/auth/return-path";
import { newNonce, pageSecurityHeaders } from "@/lib/security/headers";
import { crossSiteRefusal, isCrossSiteWrite } from "@/lib/security/same-origin";

const { auth } = NextAuth(baseAuthConfig);

const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/api/auth", "/source"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/** Signed-out visits go to sign-in and come back after it; pages and actions check the session again themselves. */
function routePage(request: NextRequest & { auth: unknown }, requestHeaders: Headers): NextResponse {
  const { pathname, search } = request.nextUrl;
  if ((request.auth as { user?: unknown } | null)?.user || isPublic(pathname)) return NextResponse.next({ request: { headers: requestHeaders } });
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.searchParams.set("callbackUrl", safeReturnPath(`${pathname}${search}`));
  return NextResponse.redirect(signIn);
}

/**
 * An API route reads and checks the session itself (lib/action-pipeline): here it is only looked for.
 * Reading it here too cost every request a JWT decryption and re-encryption (~5 ms of the server's
 * thread for each of a class's console reads, npm run load). A request without one gets the 401 its
 * route would answer before any route code runs.
 */
function routeApi(request: NextRequest): NextResponse | Response {
  if (isCrossSiteWrite(request)) return crossSiteRefusal();
  if (isPublic(request.nextUrl.pathname) || hasSessionCookie(request)) return NextResponse.next();
  return NextResponse.json(SIGNED_OUT, { status: 401 });
}

function withSecurityHeaders<R extends Response>(response: R, headers: Record<string, string>): R {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Every response gets the security headers; a page's request carries the CSP too, so Next puts this
 * request's nonce on the scripts it renders. A page visit refreshes the session's cookie.
 */
const proxyPage = auth((request) => {
  const headers = pageSecurityHeaders(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  return withSecurityHeaders(routePage(request, requestHeaders), headers);
});

export function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response | undefined> | Response {
  if (request.nextUrl.pathname.startsWith("/api/")) return withSecurityHeaders(routeApi(request), pageSecurityHeaders(newNonce()));
  return proxyPage(request, event as never) as Promise<Response | undefined>;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
