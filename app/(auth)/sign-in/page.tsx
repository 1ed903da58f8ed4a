import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { GithubSignInButton } from "@/components/auth/github-button";
import { githubSignInEnabled } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/auth/forms";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; registered?: string }> }) {
  const { callbackUrl: requested, error, registered } = await searchParams;
  const callbackUrl = safeReturnPath(requested);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Sign in</h1>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          That sign-in did not work. Try again.
        </p>
      ) : null}
      {registered ? (
        // The same words whether the email was new or already taken: sign-up never tells who has an account.
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          If this email is new, your account is ready: sign in with the password you just chose. If you already had an account, sign in with its password.
        </p>
      ) : null}
      {githubSignInEnabled() ? (
        <>
          <GithubSignInButton callbackUrl={callbackUrl} />
          <Divider />
        </>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </div>
  );
}

function Divider() {
  return (
    <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500">
      <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
    </div>
  );
}
