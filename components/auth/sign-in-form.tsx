"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/lib/actions/sign-in";
import type { AuthFormState } from "@/lib/auth/forms";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { withRequestBoundary } from "@/components/ui/request-boundary";

function SignInFormFields({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={state.error} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link className="font-medium text-brand-600 underline-offset-2 hover:underline" href={withCallback("/sign-up", callbackUrl)}>
          Create an account
        </Link>
      </p>
    </form>
  );
}

export function withCallback(path: string, callbackUrl: string): string {
  return callbackUrl && callbackUrl !== "/" ? `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}` : path;
}

/** Refused by the server before the action ran, the form answers in place. */
export const SignInForm = withRequestBoundary(SignInFormFields);
