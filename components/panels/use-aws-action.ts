"use client";

import { useState, useTransition } from "react";
import { type ActionResult, answered } from "@/lib/action-pipeline/result";

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
      const outcome = await answered(() => action(input));
      setResult(outcome);
      if (outcome.ok) onSuccess?.(outcome.data);
    });
  };
  /** Shows a failure found before sending anything (a form's own check). */
  const refuse = (code: string, message: string) => setResult({ ok: false, error: { code, message } });
  return { run, refuse, pending, result, clear: () => setResult(null) };
}
