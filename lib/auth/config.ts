import type { NextAuthConfig } from "next-auth";
import { sameOriginRedirect } from "./return-path";

/** The part of the auth set-up that needs no database: enough for the proxy to read sessions. */
export const baseAuthConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [],
  callbacks: {
    redirect: sameOriginRedirect,
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
