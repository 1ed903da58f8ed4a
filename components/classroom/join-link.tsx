"use client";

import { useSyncExternalStore } from "react";
import { CopyButton } from "@/components/ui/copy-button";

const noSubscription = () => () => undefined;

/** The link students open to join (it asks them to sign up or sign in first). */
export function JoinLink({ code }: { code: string }) {
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const link = `${origin}/classes/join?code=${code}`;
  return (
    <p className="flex items-center gap-2 text-sm text-slate-800">
      <span>Join link</span>
      <code className="rounded bg-slate-100 px-1.5 py-0.5" data-testid="join-link">{link}</code>
      <CopyButton value={link} label="join link" />
    </p>
  );
}
