import NextAuth from "next-auth";
import { type NextRequest, NextResponse } from "next/server";
import { baseAuthConfig } from "@/lib/auth/config";
import { safeReturnPath } from "@/lib/auth/return-path";
import { newNonce, pageSecurityHeaders } from "@/lib/security/headers";
import { crossSiteRefusal, isCrossSiteWrite } from "@/lib/security/same-origin";

const { auth } = NextAuth(baseAuthConfig);

const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/api/auth", "/source"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/** Signed-out visits go to sign-in and come back after it; pages and actions check the session again themselves. */
function route(request: NextRequest & { auth: unknown }, requestHeaders: Headers): NextResponse | Response {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/") && isCrossSiteWrite(request)) return crossSiteRefusal();
  if ((request.auth as { user?: unknown } | null)?.user || isPublic(pathname)) return NextResponse.next({ request: { headers: requestHeaders } });
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.searchParams.set("callbackUrl", safeReturnPath(`${pathname}${search}`));
  return NextResponse.redirect(signIn);
}

/**
 * Every response gets the security headers; the request carries the CSP too, so Next puts this
 * request's nonce on the scripts it renders.
 */
export const proxy = auth((request) => {
  const headers = pageSecurityHeaders(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = route(request, requestHeaders);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
