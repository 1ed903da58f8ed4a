import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { GithubSignInButton } from "@/components/auth/github-button";
import { githubSignInEnabled } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/auth/forms";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Create an account</h1>
        <p className="mt-1 text-sm text-slate-600">Your labs run in a sandbox AWS account of your own, free and private.</p>
      </div>
      {githubSignInEnabled() ? <GithubSignInButton callbackUrl={callbackUrl} /> : null}
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
