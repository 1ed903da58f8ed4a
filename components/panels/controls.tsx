"use client";

import { createContext, useContext, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";

export function TextInput({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <input className={inputClass} {...props} />
    </label>
  );
}

export function Select({ label, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <select className={inputClass} {...props}>
        {children}
      </select>
    </label>
  );
}

export function SmallButton({
  children,
  tone = "default",
  pending = false,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { tone?: "default" | "primary" | "danger"; pending?: boolean }) {
  const tones = {
    default: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
    primary: "bg-brand-600 text-white hover:bg-brand-700",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  };
  return (
    <button
      type="button"
      disabled={pending || props.disabled}
      aria-busy={pending || undefined}
      className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60 ${tones[tone]}`}
      {...props}
    >
      {pending ? <span aria-hidden="true" className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" /> : null}
      {children}
    </button>
  );
}

/** A link-like button that selects another resource in the console. */
/** How a link names a resource by default: the Inspector names it from the account's snapshot. */
export const ResourceLabelContext = createContext<(id: string) => string>((id) => id);

export function ResourceLink({ id, onSelect, children }: { id: string; onSelect: (id: string) => void; children?: ReactNode }) {
  const label = useContext(ResourceLabelContext);
  return (
    <button type="button" onClick={() => onSelect(id)} className="text-left font-mono text-brand-700 underline-offset-2 wrap-anywhere hover:underline">
      {children ?? label(id)}
    </button>
  );
}
