import { CopyButton } from "@/components/ui/copy-button";

export function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <figure className="overflow-hidden rounded-lg border border-slate-200">
      <figcaption className="flex items-center justify-between gap-3 bg-slate-100 px-4 py-2 text-sm font-medium text-slate-700">
        {title}
        <CopyButton value={code} label={title} />
      </figcaption>
      <pre tabIndex={0} className="overflow-x-auto bg-slate-900 px-4 py-3 font-mono text-sm leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
