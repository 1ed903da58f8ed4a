import { CONSOLE_USER_AGENT } from "@/lib/aws/user-agent";
import type { ActivityEntry } from "@/lib/labs/console-data";

/** Which client made a call, from its user agent: the AWS CLI, this console (JS SDK), or another SDK. */
export function clientOf(userAgent: string | null): string {
  if (!userAgent) return "unknown";
  if (userAgent.includes(CONSOLE_USER_AGENT)) return "this console";
  if (/aws-cli\//.test(userAgent)) return "AWS CLI";
  if (/aws-sdk-js\//.test(userAgent)) return "console / JS SDK";
  if (/Boto3\//i.test(userAgent)) return "boto3";
  return userAgent.split(" ")[0];
}

export function ActivityPanel({ entries, mode }: { entries: ActivityEntry[]; mode: "sandbox" | "real" }) {
  if (mode === "real") {
    return <p className="text-sm text-slate-700">On real AWS, the account&apos;s API calls are recorded by CloudTrail.</p>;
  }
  if (entries.length === 0) return <p className="text-sm text-slate-700">No API calls yet.</p>;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600">Every call to your sandbox account, newest first, except this console&apos;s own reads.</p>
      <ol aria-label="Recent API calls" className="divide-y divide-slate-100 text-sm">
      {entries.map((entry) => (
        <li key={entry.id} className="py-2">
          <div className="flex items-baseline justify-between gap-2">
            <span className="font-mono font-semibold text-slate-900">
              {entry.service}:{entry.action}
            </span>
            <time dateTime={entry.at} className="shrink-0 text-xs text-slate-600">
              {new Date(entry.at).toLocaleTimeString()}
            </time>
          </div>
          <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-700">
            <span>{clientOf(entry.userAgent)}</span>
            <span aria-hidden="true">·</span>
            <span className="font-mono">{entry.caller.replace(/^arn:aws:iam::\d+:/, "")}</span>
            {entry.errorCode ? (
              <span className="rounded bg-red-100 px-1.5 font-mono font-semibold text-red-800">{entry.errorCode}</span>
            ) : (
              <span className="text-emerald-800">OK</span>
            )}
          </div>
          {entry.summary ? <p className="mt-0.5 truncate font-mono text-xs text-slate-600" title={entry.summary}>{entry.summary}</p> : null}
        </li>
      ))}
      </ol>
    </div>
  );
}
