"use client";

import Link from "next/link";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import type { Board, BoardRow } from "@/lib/classroom/board";
import { describeStuck, stuckReason } from "@/lib/classroom/stuck";
import { RemoveStudentButton } from "./class-forms";

/** Time on step and the stuck mark move with the clock, between the server's updates. */
const CLOCK_MS = 5_000;

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How the board says that Do it for me, not the student, completed some of the lab's steps. */
export function doneForMeStepsText(steps: number): string {
  return `${steps} ${steps === 1 ? "step" : "steps"} with Do it for me`;
}

function useLiveBoard(initial: Board): { board: Board; live: boolean } {
  const [board, setBoard] = useState(initial);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const events = new EventSource(`/api/classes/${initial.classId}/board`);
    events.addEventListener("board", (event) => {
      setBoard(JSON.parse((event as MessageEvent<string>).data) as Board);
      setLive(true);
    });
    events.addEventListener("error", () => setLive(false));
    events.addEventListener("replaced", () => events.close());
    return () => events.close();
  }, [initial.classId]);
  return { board, live };
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Where a test stopped, e.g. "route-table rtb-0f3c… (return)": the line breaks only between its
 * words, and a resource's id (in a narrower monospace face, so the longest fits the column at
 * 1280 px) never breaks at all, or it could not be read off the projector or searched for.
 */
function BlockingHop({ name }: { name: string }) {
  return name.split(" ").map((word, index) => (
    <span key={index}>
      {index ? " " : null}
      {/^[a-z0-9]+-[0-9a-f]{8,}$/.test(word) ? (
        <span data-resource-id className="whitespace-nowrap font-mono text-xs">{word}</span>
      ) : (
        <span className="whitespace-nowrap">{word}</span>
      )}
    </span>
  ));
}

function Verdict({ row }: { row: BoardRow }) {
  const verdict = row.lastVerdict;
  if (!verdict) return <span className="text-slate-500">none yet</span>;
  const label = verdict.kind === "ping" ? "Ping" : "S3";
  return (
    <span
      data-verdict={verdict.ok ? "pass" : "fail"}
      className={`inline-block rounded px-1.5 font-medium [overflow-wrap:normal] ${verdict.ok ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
    >
      {label} {verdict.ok ? "✓ reached" : verdict.blockedBy ? <>✗ at <BlockingHop name={verdict.blockedBy} /></> : "✗ failed"}
    </span>
  );
}

/**
 * One column of the board. The columns are data so another column (a fault applied to the
 * student, say) is one more entry here, with its own sort.
 */
export interface BoardColumn {
  key: string;
  header: string;
  /** Its share of the table's width (the table is laid out fixed, so it never outgrows the window). */
  width: string;
  cell(row: BoardRow, context: { now: number; board: Board }): ReactNode;
  sortValue?(row: BoardRow, context: { now: number; board: Board }): number | string;
}

const stuckOf = (row: BoardRow, { now, board }: { now: number; board: Board }) => stuckReason(row, board.rule, now);

export const BOARD_COLUMNS: BoardColumn[] = [
  {
    key: "lab",
    header: "Lab",
    width: "9%",
    cell: (row) => row.labTitle ?? <span className="text-slate-500">not started</span>,
    sortValue: (row) => row.labTitle ?? "~",
  },
  {
    key: "step",
    header: "Step",
    width: "14%",
    cell: (row) => (
      <>
        {row.completed ? <span className="font-semibold text-emerald-800">all done</span> : row.stepNumber ? `${row.stepNumber}/${row.stepCount} ${row.stepTitle}` : ""}
        {row.doneForMeSteps ? <span className="block text-slate-600">{doneForMeStepsText(row.doneForMeSteps)}</span> : null}
      </>
    ),
    sortValue: (row) => (row.completed ? 1000 : (row.stepNumber ?? 0)),
  },
  {
    key: "time",
    header: "On step",
    width: "7%",
    cell: (row, { now }) => (row.stepSince && row.currentStepId ? formatDuration(now - Date.parse(row.stepSince)) : ""),
    sortValue: (row, { now }) => (row.stepSince && row.currentStepId ? now - Date.parse(row.stepSince) : -1),
  },
  { key: "checks", header: "Checks", width: "7%", cell: (row) => (row.failedChecksInRow ? `${row.checkAttempts} (${row.failedChecksInRow} failing)` : row.checkAttempts), sortValue: (row) => row.checkAttempts },
  { key: "test", header: "Last test", width: "16%", cell: (row) => <Verdict row={row} />, sortValue: (row) => (row.lastVerdict ? (row.lastVerdict.ok ? 1 : 0) : 2) },
  { key: "hints", header: "Hints", width: "5%", cell: (row) => row.hintsUsed, sortValue: (row) => row.hintsUsed },
  {
    key: "stuck",
    header: "Stuck",
    width: "10%",
    cell: (row, context) => {
      const reason = stuckOf(row, context);
      return reason ? (
        <span data-stuck className="rounded bg-amber-300 px-1.5 font-semibold text-amber-950">
          Stuck: {describeStuck(reason, context.board.rule)}
        </span>
      ) : null;
    },
    sortValue: (row, context) => (stuckOf(row, context) ? 0 : 1),
  },
];

/** What the student's name and the row's actions take; the columns share the rest. */
const STUDENT_WIDTH = "10%";
const ACTIONS_WIDTH = "5.5rem";

type SortKey = "name" | BoardColumn["key"];

function sortRows(rows: BoardRow[], columns: BoardColumn[], key: SortKey, context: { now: number; board: Board }): BoardRow[] {
  const column = columns.find((candidate) => candidate.key === key);
  const value = (row: BoardRow) => (column?.sortValue ? column.sortValue(row, context) : row.name.toLowerCase());
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = typeof x === "number" && typeof y === "number" ? (key === "time" || key === "checks" || key === "hints" || key === "step" ? y - x : x - y) : String(x).localeCompare(String(y));
    return order || a.name.localeCompare(b.name);
  });
}

function Summary({ board, now }: { board: Board; now: number }) {
  const stuck = board.rows.filter((row) => stuckReason(row, board.rule, now)).length;
  const done = board.rows.filter((row) => row.completed).length;
  return (
    <p className="text-base text-slate-800" data-testid="board-summary">
      <strong>{board.rows.length}</strong> students · <strong>{done}</strong> finished · <strong className={stuck ? "text-amber-800" : ""}>{stuck}</strong> stuck
    </p>
  );
}

/**
 * The live class board. `toolbar` takes extra controls (applying a fault to the class goes there);
 * `columns` takes extra columns after the built-in ones.
 */
export function LiveBoard({ initial, toolbar, columns = [] }: { initial: Board; toolbar?: ReactNode; columns?: BoardColumn[] }) {
  const { board, live } = useLiveBoard(initial);
  const now = useNow();
  const [sortKey, setSortKey] = useState<SortKey>("stuck");
  const [query, setQuery] = useState("");
  const [stuckOnly, setStuckOnly] = useState(false);
  const context = useMemo(() => ({ now, board }), [now, board]);
  const allColumns = useMemo(() => [...BOARD_COLUMNS, ...columns], [columns]);
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const shown = board.rows.filter(
      (row) => (!needle || row.name.toLowerCase().includes(needle) || row.email.toLowerCase().includes(needle)) && (!stuckOnly || stuckReason(row, board.rule, now)),
    );
    return sortRows(shown, allColumns, sortKey, context);
  }, [board, query, stuckOnly, sortKey, context, now, allColumns]);

  return (
    <section aria-labelledby="board-heading" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="board-heading" className="text-xl font-semibold text-slate-900">
          Class board
        </h2>
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${live ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-700"}`} role="status">
          {live ? "live" : "connecting…"}
        </span>
        <Summary board={board} now={now} />
        <div className="ml-auto flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-1">
            <span className="sr-only">Filter students</span>
            <input type="search" placeholder="Filter by name or email" value={query} onChange={(event) => setQuery(event.target.value)} className="w-52 rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={stuckOnly} onChange={(event) => setStuckOnly(event.target.checked)} /> Stuck only
          </label>
          <label className="flex items-center gap-1">
            Sort by
            <select value={sortKey} onChange={(event) => setSortKey(event.target.value)} className="rounded-md border border-slate-300 px-1 py-1">
              <option value="name">Name</option>
              {allColumns.filter((column) => column.sortValue).map((column) => (
                <option key={column.key} value={column.key}>
                  {column.header}
                </option>
              ))}
            </select>
          </label>
          <a href={`/classes/${board.classId}/progress.csv`} download className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100">
            Export CSV
          </a>
          {toolbar}
        </div>
      </div>
      <div className="max-h-[calc(100vh-9rem)] overflow-auto rounded-xl border border-slate-200 bg-white">
        {/* Fixed layout: the columns share the window's width and long cells wrap, so no column ever scrolls out of sight. */}
        <table className="w-full table-fixed text-left text-sm" aria-label="Students' progress">
          <colgroup>
            <col style={{ width: STUDENT_WIDTH }} />
            {allColumns.map((column) => (
              <col key={column.key} style={{ width: column.width }} />
            ))}
            <col style={{ width: ACTIONS_WIDTH }} />
          </colgroup>
          <thead className="sticky top-0 z-10 bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-2 py-1.5 font-semibold">Student</th>
              {allColumns.map((column) => (
                <th key={column.key} scope="col" className="truncate px-2 py-1.5 font-semibold" title={column.header}>
                  {column.header}
                </th>
              ))}
              <th scope="col" className="px-2 py-1.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.studentId} data-student={row.email} className={stuckReason(row, board.rule, now) ? "bg-amber-50" : undefined}>
                <th scope="row" className="px-2 py-1 align-top font-medium break-words text-slate-900" title={row.email}>
                  {row.name}
                </th>
                {allColumns.map((column) => (
                  <td key={column.key} className="px-2 py-1 align-top [overflow-wrap:anywhere] text-slate-800">
                    {column.cell(row, context)}
                  </td>
                ))}
                <td className="whitespace-nowrap px-2 py-1 text-right align-top">
                  <Link href={`/classes/${board.classId}/students/${row.studentId}`} className="mr-2 font-medium text-brand-700 underline-offset-2 hover:underline" aria-label={`Look at ${row.name}'s console`}>
                    Look
                  </Link>
                  <details className="inline-block">
                    <summary className="cursor-pointer list-none px-1 text-slate-600 [&::-webkit-details-marker]:hidden" aria-label={`More for ${row.name}`}>⋯</summary>
                    <RemoveStudentButton classId={board.classId} studentId={row.studentId} name={row.name} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length ? null : <p className="p-4 text-base text-slate-700">{board.rows.length ? "No student matches." : "No students yet: give them the join code."}</p>}
      </div>
    </section>
  );
}
