"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { arrangeMomentAction } from "@/lib/actions/arrange-moment";
import type { LabId } from "@/lib/labs/steps";

/** Move a moment up or down the write-up, or drop it. */
export function MomentControls({ labId, momentId, title }: { labId: LabId; momentId: number; title: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const arrange = (change: "drop" | "up" | "down") =>
    startTransition(async () => {
      const result = await arrangeMomentAction({ labId, momentId, change });
      if (result.ok) {
        setError(undefined);
        router.refresh();
      } else setError(result.error.message);
    });
  const button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50";
  return (
    <div className="flex items-center gap-2" role="group" aria-label={`Arrange “${title}”`}>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("up")}>Move up</button>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("down")}>Move down</button>
      <button type="button" className={button} disabled={pending} onClick={() => arrange("drop")}>Drop</button>
      {error ? <span role="alert" className="text-xs text-red-800">{error}</span> : null}
    </div>
  );
}
