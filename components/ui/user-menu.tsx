"use client";

import { useEffect, useRef, useState } from "react";
import { signOutAction } from "@/lib/actions/sign-out";

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !container.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div ref={container} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account menu for ${name}`}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-full py-1 pl-1 pr-3 text-sm hover:bg-slate-100"
      >
        <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-700">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden font-medium text-slate-800 sm:inline">{name}</span>
      </button>
      {open ? (
        <div role="menu" className="absolute right-0 z-20 mt-2 w-64 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <div className="px-2 py-2">
            <p className="truncate font-medium text-slate-900">{name}</p>
            <p className="truncate text-sm text-slate-600">{email}</p>
            <p className="mt-1 inline-block rounded bg-slate-100 px-2 py-0.5 text-xs font-medium capitalize text-slate-700" data-testid="user-role">
              {role}
            </p>
          </div>
          <form action={signOutAction} className="border-t border-slate-100 pt-2">
            <button type="submit" role="menuitem" className="w-full rounded-md px-2 py-2 text-left text-sm text-slate-800 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
