"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signUpAction } from "@/lib/actions/sign-up";
import type { AuthFormState } from "@/lib/auth/forms";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { withCallback } from "./sign-in-form";
import { withRequestBoundary } from "@/components/ui/request-boundary";

function SignUpFormFields({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signUpAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={state.error} />
      <Field label="Name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fieldErrors?.name} />
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
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={state.fieldErrors?.password}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-brand-600 underline-offset-2 hover:underline" href={withCallback("/sign-in", callbackUrl)}>
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** Refused by the server before the action ran, the form answers in place. */
export const SignUpForm = withRequestBoundary(SignUpFormFields);
