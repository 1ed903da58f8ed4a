"use client";

import { useState } from "react";
import { SmallButton } from "./controls";

export interface PolicyTemplate {
  label: string;
  document: string;
}

/** A JSON policy editor: templates to start from, JSON checked as you type, save and (optionally) delete. */
export function PolicyEditor({
  label,
  initial,
  templates,
  pending,
  onSave,
  onDelete,
  deleteLabel = "Delete policy",
}: {
  label: string;
  initial: string;
  templates: PolicyTemplate[];
  pending: boolean;
  onSave: (document: string) => void;
  onDelete?: () => void;
  deleteLabel?: string;
}) {
  const [text, setText] = useState(initial);
  let jsonError: string | undefined;
  try {
    if (text.trim()) JSON.parse(text);
  } catch (error) {
    jsonError = `Not valid JSON: ${(error as Error).message}`;
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-1.5">
        {templates.map((template) => (
          <SmallButton key={template.label} onClick={() => setText(template.document)}>
            {template.label}
          </SmallButton>
        ))}
      </div>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        <textarea
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          rows={10}
          aria-invalid={jsonError ? true : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs leading-relaxed"
        />
      </label>
      {jsonError ? (
        <p role="alert" className="text-xs text-red-800">
          {jsonError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <SmallButton tone="primary" pending={pending} disabled={Boolean(jsonError) || !text.trim()} onClick={() => onSave(text)}>
          Save policy
        </SmallButton>
        {onDelete ? (
          <SmallButton tone="danger" pending={pending} onClick={onDelete}>
            {deleteLabel}
          </SmallButton>
        ) : null}
      </div>
    </div>
  );
}

export function prettyPolicy(document: string | undefined): string {
  if (!document) return "";
  try {
    return JSON.stringify(JSON.parse(document), null, 2);
  } catch {
    return document;
  }
}
