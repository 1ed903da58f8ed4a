import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { baseAuthConfig } from "@/lib/auth/config";

const { auth } = NextAuth(baseAuthConfig);

const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/api/auth", "/source"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/** Signed-out visits go to sign-in and come back after it; pages and actions check the session again themselves. */
export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth?.user || isPublic(pathname)) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  }
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
