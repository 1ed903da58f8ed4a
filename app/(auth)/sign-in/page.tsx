import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { GithubSignInButton } from "@/components/auth/github-button";
import { githubSignInEnabled } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/auth/forms";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl: requested, error } = await searchParams;
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
