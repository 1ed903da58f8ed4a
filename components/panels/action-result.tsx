import type { ActionResult } from "@/lib/action-pipeline/result";

/** An action's outcome, inline where it was clicked: AWS's error code and message, or what changed. */
export function ActionOutcome({ result }: { result: ActionResult<unknown> | null }) {
  if (!result) return null;
  if (result.ok) {
    return result.message ? (
      <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {result.message}
      </p>
    ) : null;
  }
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-mono text-xs font-semibold">{result.error.code}</p>
      <p>{result.error.message}</p>
    </div>
  );
}
