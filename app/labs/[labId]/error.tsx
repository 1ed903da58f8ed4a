"use client";

import Link from "next/link";

/** When the account cannot be read (the sandbox or AWS refused), say so and offer a retry, never a bare 500. */
export default function LabError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">The lab could not read your AWS account</h1>
      <p className="mt-3 text-base text-slate-700">
        The console asked AWS for your VPCs, instances and buckets and did not get an answer it could use. Nothing in the account
        was changed.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-sm text-slate-600">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
          Back to the labs
        </Link>
      </div>
    </main>
  );
}
