"use client";

import type { PendingLabAction } from "./use-step-rail";

/** Asks before a reset or a tear down, saying what it deletes. */
export function LabActionConfirm({ pending, onConfirm, onCancel }: { pending: PendingLabAction; onConfirm(pending: PendingLabAction): void; onCancel(): void }) {
  const reset = pending.kind === "reset";
  return (
    <div role="alertdialog" aria-labelledby="rail-confirm-title" className="m-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p id="rail-confirm-title" className="font-semibold text-amber-900">
        {reset ? `Reset to step ${pending.number}?` : "Tear down the whole lab?"}
      </p>
      <p className="mt-1 text-amber-900">
        {reset
          ? "Everything this step and later steps built is deleted; what earlier steps need is rebuilt."
          : "Instances, Elastic IPs, endpoints, the bucket, peering, routes, subnets, gateways, security groups and the VPCs of this lab are deleted. Your progress, notes and write-up stay."}
      </p>
      <div className="mt-2 flex gap-2">
        <button type="button" onClick={() => onConfirm(pending)} className="rounded-md bg-red-700 px-3 py-1.5 text-white hover:bg-red-800">
          {reset ? "Reset" : "Tear down"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-white">
          Cancel
        </button>
      </div>
    </div>
  );
}
