"use client";

import type { LabReport } from "./use-step-rail";

/** What a reset or tear down removed and what it left, with why. */
export function LabReportView({ report, busy, onClose }: { report: LabReport; busy: boolean; onClose: () => void }) {
  return (
    <section aria-label={report.title} aria-busy={busy || undefined} className="m-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">{report.title}</h3>
        {busy ? null : (
          <button type="button" onClick={onClose} className="text-xs text-slate-600 hover:underline">
            Close
          </button>
        )}
      </div>
      {busy ? <p className="mt-1 text-slate-700">Working in dependency order: Elastic IPs, instances, endpoint, bucket, peering, routes, subnets, gateways, security groups, VPCs…</p> : null}
      {report.error ? <p role="alert" className="mt-1 text-red-800">{report.error}</p> : null}
      {report.message ? <p role="status" className="mt-1 text-slate-800">{report.message}</p> : null}
      {report.report ? (
        <div className="mt-2 space-y-2">
          {report.report.deleted.length ? (
            <details>
              <summary className="cursor-pointer text-slate-700">Removed ({report.report.deleted.length})</summary>
              <ul className="mt-1 max-h-40 overflow-y-auto font-mono text-xs text-slate-700">
                {report.report.deleted.map((id) => (
                  <li key={id}>{id}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {report.report.left.length ? (
            <div>
              <p className="font-medium text-red-800">Left ({report.report.left.length})</p>
              <ul className="mt-1 space-y-1 text-xs text-red-900">
                {report.report.left.map((entry) => (
                  <li key={entry.id}>
                    <span className="font-mono">{entry.id}</span>: {entry.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
