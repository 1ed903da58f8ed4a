"use client";

import { useActionState, useState } from "react";
import { rotateSandboxKeysAction, type RotateKeysState } from "@/lib/actions/rotate-sandbox-keys";
import { Button } from "@/components/ui/button";

export function RotateKeysButton() {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<RotateKeysState>(rotateSandboxKeysAction, {});
  return (
    <div className="space-y-2">
      {confirming ? (
        <form action={action} onSubmit={() => setConfirming(false)} className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-slate-800">The current key stops working at once, in the CLI and on your instances.</p>
          <Button type="submit" variant="danger" disabled={pending}>
            Rotate now
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(true)}>
          {pending ? "Rotating…" : "Rotate keys"}
        </Button>
      )}
      {state.error ? (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : state.rotatedAt ? (
        <p className="text-sm text-emerald-700" aria-live="polite">
          New keys are active. Run <code className="font-mono">aws configure</code> again wherever you used the old ones.
        </p>
      ) : null}
    </div>
  );
}
