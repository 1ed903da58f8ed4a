"use client";

import { useContext } from "react";
import type { Hop } from "@/lib/analysis";
import { nameIdsBy } from "@/lib/labs/resources";
import { ResourceLabelContext } from "./controls";

/** The analysis words resources by id; the console names them as its panels do ("launch-wizard-2 (sg-…)"). */
function useNamed() {
  const label = useContext(ResourceLabelContext);
  return { label, named: (text: string) => nameIdsBy(text, label) };
}

export function HopList({ hops }: { hops: readonly Hop[] }) {
  const { label, named } = useNamed();
  return (
    <ol aria-label="Hops" className="space-y-1 text-sm">
      {hops.map((hop, index) => (
        <li key={index} className="flex items-start gap-2">
          <span
            role="img"
            aria-label={hop.verdict === "allow" ? "allowed" : "blocked"}
            className={`mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold text-white ${
              hop.verdict === "allow" ? "bg-emerald-600" : "bg-red-600"
            }`}
          >
            {hop.verdict === "allow" ? "✓" : "✕"}
          </span>
          <span className="min-w-0">
            <span className="font-mono text-xs text-slate-600">{hop.direction === "return" ? "reply · " : ""}{hop.componentType}</span>{" "}
            <span className="font-mono text-slate-900">{label(hop.componentId)}</span>
            <span className="block text-slate-700">{named(hop.detail)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

const VERDICT_LOOK = {
  ok: "border-emerald-300 bg-emerald-50 text-emerald-950",
  bad: "border-red-300 bg-red-50 text-red-950",
  unknown: "border-slate-300 bg-slate-50 text-slate-950",
};

/** `ok` undefined: the analysis cannot tell (for instance a bucket policy this console may not read). */
export function VerdictCard({ ok, title, explanation, fix, code }: { ok: boolean | undefined; title: string; explanation?: string; fix?: string; code?: string }) {
  const { named } = useNamed();
  return (
    <div className={`rounded-md border px-3 py-2 text-sm ${VERDICT_LOOK[ok === undefined ? "unknown" : ok ? "ok" : "bad"]}`}>
      <p className="font-semibold">
        {title}
        {code ? <span className="ml-2 font-mono text-xs font-normal">{code}</span> : null}
      </p>
      {explanation ? <p className="mt-1">{named(explanation)}</p> : null}
      {fix ? (
        <p className="mt-1">
          <span className="font-semibold">Fix: </span>
          {named(fix)}
        </p>
      ) : null}
    </div>
  );
}

export function TerminalOutput({ command, stdout, stderr, exitCode }: { command: string; stdout: string; stderr: string; exitCode: number }) {
  return (
    <figure className="overflow-hidden rounded-md border border-slate-800">
      <figcaption className="flex justify-between bg-slate-800 px-3 py-1 font-mono text-xs text-slate-200">
        <span>output on the instance</span>
        <span>exit code {exitCode}</span>
      </figcaption>
      <pre tabIndex={0} className="max-h-72 overflow-auto whitespace-pre-wrap break-words bg-slate-950 px-3 py-2 font-mono text-xs leading-relaxed text-slate-100" data-testid="test-output">
        {`$ ${command}\n${stdout}${stderr}`}
      </pre>
    </figure>
  );
}
