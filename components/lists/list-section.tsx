import type { ReactNode } from "react";

/** One resource kind's list in the Build tab: a heading, its rows, and the kind's own buttons. */
export function ListSection({ title, actions, children, empty }: { title: string; actions?: ReactNode; children: ReactNode[]; empty: string }) {
  return (
    <section aria-label={title} className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{title}</h3>
        {actions}
      </div>
      {children.length ? <ul className="space-y-1">{children}</ul> : <p className="px-2 text-xs text-slate-600">{empty}</p>}
    </section>
  );
}

/** A row: the resource's name (selects it in Inspect), its state, and buttons acting on it. */
export function ListRow({
  label,
  selected,
  onSelect,
  state,
  detail,
  children,
}: {
  label: string;
  selected?: boolean;
  /** Opens the resource in Inspect; without it the label is plain text. */
  onSelect?: () => void;
  state?: ReactNode;
  detail?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <li className={`space-y-1 rounded px-2 py-1 ${selected ? "bg-brand-50" : ""}`} aria-label={label}>
      <div className="flex items-baseline justify-between gap-2">
        {onSelect ? (
          <button
            type="button"
            aria-current={selected ? "true" : undefined}
            onClick={onSelect}
            className={`truncate text-left text-sm hover:underline ${selected ? "font-semibold text-brand-700" : "text-slate-800"}`}
          >
            {label}
          </button>
        ) : (
          <span className="truncate font-mono text-sm text-slate-800">{label}</span>
        )}
        {state}
      </div>
      {detail ? <div className="text-xs text-slate-700">{detail}</div> : null}
      {children ? <div className="flex flex-wrap items-center gap-1.5">{children}</div> : null}
    </li>
  );
}
