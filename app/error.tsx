"use client";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">This page could not be shown</h1>
      <p className="mt-3 text-base text-slate-700">The server hit an error while preparing it. Nothing you entered was lost.</p>
      {error.digest ? <p className="mt-2 font-mono text-sm text-slate-600">Reference: {error.digest}</p> : null}
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Try again
      </button>
    </main>
  );
}
