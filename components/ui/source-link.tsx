/** AGPL-3.0 §13: every page offers the source of the running version (app/source/route.ts). */
export function SourceLink() {
  return (
    <a href="/source" className="text-xs text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline" title="Download the source code of this server (AGPL-3.0)">
      Source
    </a>
  );
}
