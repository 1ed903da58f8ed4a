"use client";

import type { LabSnapshot } from "@/lib/analysis";
import { ownedView } from "@/lib/aws/ownership";
import { estimateHourlyCost, formatHourly } from "@/lib/aws/pricing";
import type { TeardownRecord } from "@/lib/db/schema";

/** Real AWS: what the console's resources cost per hour, and a reminder to tear down. */
export function CostEstimate({ snapshot, owned, idleMinutes }: { snapshot: LabSnapshot; owned: string[] | null; idleMinutes?: number }) {
  const estimate = estimateHourlyCost(ownedView(snapshot, owned ? new Set(owned) : "all"));
  if (!estimate.lines.length && !estimate.unpriced.length) return null;
  return (
    <details className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950">
      <summary className="cursor-pointer">
        <strong>Running on AWS: about {formatHourly(estimate.totalUsd)}.</strong> Tear the lab down when you finish
        {idleMinutes ? `; it is torn down after ${idleMinutes} minutes without activity` : ""}.
      </summary>
      <ul className="mt-1 space-y-0.5 font-mono text-xs">
        {estimate.lines.map((line) => (
          <li key={`${line.id} ${line.what}`}>
            {line.id}: {line.what}, ${line.hourlyUsd.toFixed(4)}/h
          </li>
        ))}
        {estimate.unpriced.map((entry) => (
          <li key={entry.id}>
            {entry.id}: {entry.instanceType} instance, not in the console&apos;s price table (not counted)
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">On-Demand prices in us-east-1; storage (EBS) and data transfer are not counted.</p>
    </details>
  );
}

/** What the last idle (or end-of-class) teardown did while the student was away. */
export function IdleTeardownNotice({ record }: { record: TeardownRecord | null | undefined }) {
  if (record?.reason !== "idle" && record?.reason !== "class-ended") return null;
  const why = record.reason === "idle" ? `after ${record.idleMinutes} minutes without activity` : `when ${record.className ?? "your class"} ended`;
  return (
    <div role="status" className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm text-slate-800">
      This lab was torn down on {new Date(record.at).toLocaleString()} {why}:{" "}
      {record.deleted.length} removed{record.left.length ? `, ${record.left.length} left (${record.left.map((entry) => `${entry.id}: ${entry.reason}`).join("; ")})` : ", nothing left"}.
      Your progress and write-up are kept; Do it for me rebuilds the steps.
    </div>
  );
}
