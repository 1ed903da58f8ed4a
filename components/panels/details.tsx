import type { ReactNode } from "react";

/**
 * A labelled list of facts about one resource: label beside value where the panel has room for an id
 * beside its label (1440 px screens), label above value where it has not (1280 px), so ids stay whole.
 */
export function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <div className="@container">
      <dl className="grid grid-cols-1 text-sm @xs:grid-cols-[max-content_1fr] @xs:gap-x-4 @xs:gap-y-1.5">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            {/* Words wrap at spaces; only a word wider than the column (a long ARN) breaks inside. */}
            <dd className="mb-2 min-w-0 font-medium text-slate-900 wrap-anywhere @xs:mb-0">{value ?? "—"}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600">{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return <code className="font-mono text-[0.95em]">{children}</code>;
}

const STATE_TONES: Record<string, string> = {
  running: "bg-emerald-100 text-emerald-800",
  active: "bg-emerald-100 text-emerald-800",
  available: "bg-emerald-100 text-emerald-800",
  attached: "bg-emerald-100 text-emerald-800",
  pending: "bg-amber-100 text-amber-900",
  "pending-acceptance": "bg-amber-100 text-amber-900",
  provisioning: "bg-amber-100 text-amber-900",
  "initiating-request": "bg-amber-100 text-amber-900",
  stopping: "bg-amber-100 text-amber-900",
  "shutting-down": "bg-amber-100 text-amber-900",
  stopped: "bg-slate-200 text-slate-800",
  terminated: "bg-slate-200 text-slate-700",
  deleted: "bg-slate-200 text-slate-700",
  expired: "bg-slate-200 text-slate-700",
  blackhole: "bg-red-100 text-red-800",
  failed: "bg-red-100 text-red-800",
  rejected: "bg-red-100 text-red-800",
};

export function StateBadge({ state }: { state: string | undefined }) {
  const value = state ?? "unknown";
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATE_TONES[value] ?? "bg-slate-100 text-slate-700"}`}>
      {value}
    </span>
  );
}

/**
 * Rows of a resource (rules, routes, objects). The side panel is 18–22 rem wide, too narrow for a network ACL's six
 * columns, so there each row is a card of label/value pairs, two to a line; where the panel is wider than 28 rem it is
 * a plain table. One DOM either way: rows, cells and their headers stay a table to assistive technology.
 * `wide` names columns whose values (a gateway id, an object key) take a card's whole line.
 */
export function Table({ head, rows, empty, wide = [] }: { head: string[]; rows: ReactNode[][]; empty: string; wide?: number[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="@container rounded-md border border-slate-200">
      <table className="block w-full text-left text-sm @md:table">
        <thead className="sr-only bg-slate-50 text-xs uppercase tracking-wide text-slate-600 @md:not-sr-only @md:table-header-group">
          <tr>
            {head.map((cell) => (
              <th key={cell} scope="col" className="px-2.5 py-1.5 font-semibold">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 @md:table-row-group">
          {rows.map((row, index) => (
            <tr key={index} className="grid grid-flow-row-dense grid-cols-2 gap-x-3 gap-y-2 px-2.5 py-2 @md:table-row">
              {row.map((cell, cellIndex) => (
                <td
                  key={cellIndex}
                  data-label={head[cellIndex] || undefined}
                  className={`${wide.includes(cellIndex) ? "col-span-2" : ""} ${CARD_CELL} ${TABLE_CELL}`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A cell on a card: its column's heading above its value (the heading's text is hidden from screen readers, which read the table's own). */
const CARD_CELL =
  'block min-w-0 text-slate-900 wrap-anywhere empty:hidden before:block before:text-xs before:font-semibold before:uppercase before:tracking-wide before:text-slate-600 before:content-[attr(data-label)_/_""]';
const TABLE_CELL = "@md:table-cell @md:px-2.5 @md:py-1.5 @md:align-top @md:wrap-normal @md:before:content-none";
