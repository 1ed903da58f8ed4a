import "server-only";
import crypto from "node:crypto";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { baseAuthConfig } from "./config";
import { revokeSession, sessionEnd, sessionEnded } from "./revoked-sessions";
import { verifySignInToken } from "./sign-in-token";
import { createUser, findUserByEmail, findUserByGithubId, findUserById, linkGithubAccount } from "./users";

export function githubSignInEnabled(): boolean {
  return Boolean(process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET);
}

/** The credentials provider only accepts a sign-in token minted by the sign-in/sign-up actions. */
const signInTokenProvider = Credentials({
  id: "credentials",
  credentials: { token: {} },
  async authorize(credentials) {
    const userId = typeof credentials?.token === "string" ? verifySignInToken(credentials.token) : null;
    if (!userId) return null;
    const user = await findUserById(userId);
    return user ? { id: user.id, email: user.email, name: user.name } : null;
  },
});

/** Finds or creates the local account for a GitHub sign-in, matching by GitHub id, then by email. */
async function localUserForGithub(githubId: string, email: string | null | undefined, name: string | null | undefined) {
  const byGithub = await findUserByGithubId(githubId);
  if (byGithub) return byGithub;
  if (!email) return null;
  const byEmail = await findUserByEmail(email);
  if (byEmail) {
    await linkGithubAccount(byEmail.id, githubId);
    return byEmail;
  }
  return createUser({ email, name: name || email.split("@")[0], githubId });
}

const config: NextAuthConfig = {
  ...baseAuthConfig,
  providers: [signInTokenProvider, ...(githubSignInEnabled() ? [GitHub] : [])],
  callbacks: {
    ...baseAuthConfig.callbacks,
    async jwt({ token, user, account, profile }) {
      // A session id and start from sign-in on, kept through every refresh of the JWT, so sign-out can revoke it.
      if (user) Object.assign(token, { sid: crypto.randomUUID(), signedInAt: Math.floor(Date.now() / 1000) });
      if (await sessionEnded(token)) return null;
      if (account?.provider === "github" && profile) {
        const local = await localUserForGithub(String(profile.id), profile.email, profile.name);
        if (!local) throw new Error("Your GitHub account has no public email address; sign up with email instead.");
        token.sub = local.id;
        token.email = local.email;
        token.name = local.name;
      }
      return token;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid === "string") await revokeSession(token.sid, sessionEnd(token));
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
