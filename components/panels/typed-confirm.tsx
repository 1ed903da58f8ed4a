"use client";

import { useId, useState, type ReactNode } from "react";
import { SmallButton } from "./controls";

interface Props {
  /** What the first button says, e.g. "Delete VPC". */
  label: string;
  /** What deleting takes with it, shown before the student types the word. */
  consequence: ReactNode;
  pending: boolean;
  onConfirm: () => void;
}

/** The word AWS's console asks for before it deletes a VPC. */
const CONFIRM_WORD = "delete";

/** A destructive action that needs the word "delete" typed first, as the AWS console asks. */
export function TypedConfirm({ label, consequence, pending, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const close = () => {
    setOpen(false);
    setTyped("");
  };
  if (!open) {
    return (
      <SmallButton tone="danger" pending={pending} onClick={() => setOpen(true)}>
        {label}
      </SmallButton>
    );
  }
  return (
    <form
      role="group"
      aria-label={label}
      className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed !== CONFIRM_WORD) return;
        onConfirm();
        close();
      }}
    >
      <div className="text-red-900">{consequence}</div>
      <label htmlFor={inputId} className="block text-slate-800">
        To confirm, type <strong className="font-mono">{CONFIRM_WORD}</strong> in the field.
      </label>
      <input
        id={inputId}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        autoComplete="off"
        autoFocus
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono"
      />
      <div className="flex gap-2">
        <SmallButton type="submit" tone="danger" disabled={typed !== CONFIRM_WORD}>
          {label}
        </SmallButton>
        <SmallButton type="button" onClick={close}>
          Cancel
        </SmallButton>
      </div>
    </form>
  );
}
