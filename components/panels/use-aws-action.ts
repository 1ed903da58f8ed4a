"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-pipeline/result";

/**
 * What a run shows when the action's request got no answer it could read (the connection dropped,
 * or the server refused the request before the action ran, as it does an oversized body): a failure
 * in the panel, not the lab page's error screen, which a thrown error inside the transition brought up.
 */
function unansweredFailure(): ActionResult<never> {
  return {
    ok: false,
    error: {
      code: "RequestNotAnswered",
      message: "The console's server refused this request or did not answer it (it refuses anything over 1 MB). Refresh to see whether it was done, then try again.",
    },
  };
}

/**
 * Runs a console action with a pending state and keeps its outcome (AWS's code and message on failure).
 * A new run clears the previous outcome first: "Launched i-1" must not stand beside the next launch's spinner.
 */
export function useAwsAction<Input, Output>(action: (input: Input) => Promise<ActionResult<Output>>, onSuccess?: (data: Output) => void) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<Output> | null>(null);
  const run = (input: Input) => {
    // Outside the transition: updates inside it are committed only when the whole action is done.
    setResult(null);
    startTransition(async () => {
      const outcome = await action(input).catch(() => unansweredFailure());
      setResult(outcome);
      if (outcome.ok) onSuccess?.(outcome.data);
    });
  };
  /** Shows a failure found before sending anything (a form's own check). */
  const refuse = (code: string, message: string) => setResult({ ok: false, error: { code, message } });
  return { run, refuse, pending, result, clear: () => setResult(null) };
}
