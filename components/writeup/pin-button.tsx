"use client";

import { useState, useTransition } from "react";
import { type ActionResult, answered } from "@/lib/action-pipeline/result";

/** "Pin to write-up": keeps a terminal output or a test result as a moment of the write-up. */
export function PinButton({ pin, className = "" }: { pin: () => Promise<ActionResult>; className?: string }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const click = () =>
    startTransition(async () => {
      const result = await answered(pin);
      setStatus(result.ok ? { ok: true, text: result.message ?? "Pinned." } : { ok: false, text: `${result.error.code}: ${result.error.message}` });
    });
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={click} disabled={pending} className={`rounded border px-2 py-0.5 text-xs ${className}`}>
        {pending ? "Pinning…" : "Pin to write-up"}
      </button>
      {status ? <span role={status.ok ? "status" : "alert"} className="text-xs">{status.text}</span> : null}
    </span>
  );
}
