"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/action-pipeline/result";
import type { ActivityEntry, ActivityPage } from "@/lib/labs/console-data";

/** Who made a call, in the student's words: this console, their CLI or SDK, or the CLI on an instance. */
export function callerLabel(entry: Pick<ActivityEntry, "callerKind" | "instanceId" | "userAgent">): string {
  if (entry.callerKind === "console") return "this console";
  if (entry.callerKind === "instance") return `instance ${entry.instanceId ?? ""} (AWS CLI)`.replace("  ", " ");
  const agent = entry.userAgent ?? "";
  if (/aws-cli\//.test(agent)) return "AWS CLI";
  if (/Boto3\//i.test(agent)) return "boto3";
  if (/aws-sdk-js\//.test(agent)) return "JS SDK";
  return agent.split(" ")[0] || "unknown";
}

export interface ActivityPanelProps {
  /** The newest page (refreshed with the console). */
  page: ActivityPage;
  mode: "sandbox" | "real";
  /** Loads the page of calls older than `before`; without it, only the newest page is shown. */
  loadOlder?(input: { before: number }): Promise<ActionResult<ActivityPage>>;
}

/** The lab run's API calls, newest first, a page at a time ("Show older calls"). */
export function ActivityPanel({ page, mode, loadOlder }: ActivityPanelProps) {
  const [older, setOlder] = useState<ActivityPage>({ entries: [], more: page.more });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  if (mode === "real") {
    return <p className="text-sm text-slate-700">On real AWS, the account&apos;s API calls are recorded by CloudTrail.</p>;
  }
  // Older pages stay below the refreshed newest page; a call in both is shown once.
  const newestIds = new Set(page.entries.map((entry) => entry.id));
  const oldest = page.entries.at(-1)?.id ?? Number.POSITIVE_INFINITY;
  const entries = [...page.entries, ...older.entries.filter((entry) => !newestIds.has(entry.id) && entry.id < oldest)];
  const more = older.entries.length ? older.more : page.more;
  if (entries.length === 0) return <p className="text-sm text-slate-700">No API calls in this lab run yet.</p>;

  const showOlder = async () => {
    if (!loadOlder) return;
    setLoading(true);
    setError(undefined);
    try {
      const result = await loadOlder({ before: entries[entries.length - 1].id });
      if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
      else setOlder((current) => ({ entries: [...current.entries, ...result.data.entries], more: result.data.more }));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600">Every call of this lab run, newest first, except this console&apos;s own reads.</p>
      <ol aria-label="API calls of this lab run" className="divide-y divide-slate-100 text-sm">
        {entries.map((entry) => (
          <ActivityRow key={entry.id} entry={entry} />
        ))}
      </ol>
      {error ? <p role="alert" className="text-xs text-red-800">{error}</p> : null}
      {more && loadOlder ? (
        <button type="button" onClick={() => void showOlder()} disabled={loading} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50">
          {loading ? "Loading…" : "Show older calls"}
        </button>
      ) : null}
    </div>
  );
}

function ActivityRow({ entry }: { entry: ActivityEntry }) {
  return (
    <li className="py-2">
      <div className="flex items-baseline justify-between gap-2">
        <span className="font-mono font-semibold text-slate-900">
          {entry.service}:{entry.action}
        </span>
        <time dateTime={entry.at} className="shrink-0 text-xs text-slate-600">
          {new Date(entry.at).toLocaleTimeString()}
        </time>
      </div>
      <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-700">
        <span>{callerLabel(entry)}</span>
        <span aria-hidden="true">·</span>
        <span className="font-mono">{entry.caller.replace(/^arn:aws:(iam|sts)::\d+:/, "")}</span>
        {entry.errorCode ? <span className="rounded bg-red-100 px-1.5 font-mono font-semibold text-red-800">{entry.errorCode}</span> : <span className="text-emerald-800">OK</span>}
      </div>
      {entry.summary ? (
        <p className="mt-0.5 truncate font-mono text-xs text-slate-600" title={entry.summary}>
          {entry.summary}
        </p>
      ) : null}
    </li>
  );
}
