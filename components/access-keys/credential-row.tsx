"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";

export function CredentialRow({ label, value, secret = false }: { label: string; value: string; secret?: boolean }) {
  const [shown, setShown] = useState(!secret);
  const id = label.toLowerCase().replace(/\W+/g, "-");
  return (
    <div className="flex flex-wrap items-center gap-3 py-3">
      <dt id={id} className="w-44 shrink-0 text-sm font-medium text-slate-600">
        {label}
      </dt>
      {/* A <dl> holds only dt/dd pairs (in a div): the buttons belong to the value they act on. */}
      <dd aria-labelledby={id} className="flex min-w-0 flex-1 flex-wrap items-center gap-3">
        <span className="min-w-0 flex-1 break-all font-mono text-base text-slate-900" data-testid={id}>
          {shown ? value : "•".repeat(24)}
        </span>
        <span className="flex gap-2">
          {secret ? (
            <button
              type="button"
              onClick={() => setShown((value) => !value)}
              className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
            >
              {shown ? "Hide" : "Show"}
            </button>
          ) : null}
          <CopyButton value={value} label={label} />
        </span>
      </dd>
    </div>
  );
}
