"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/aws-action";

/** Runs a console action with a pending state and keeps its outcome (AWS's code and message on failure). */
export function useAwsAction<Input, Output>(action: (input: Input) => Promise<ActionResult<Output>>, onSuccess?: (data: Output) => void) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<Output> | null>(null);
  const run = (input: Input) =>
    startTransition(async () => {
      const outcome = await action(input);
      setResult(outcome);
      if (outcome.ok) onSuccess?.(outcome.data);
    });
  return { run, pending, result, clear: () => setResult(null) };
}
