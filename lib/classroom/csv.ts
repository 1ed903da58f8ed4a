/**
 * The class's progress as CSV (RFC 4180: comma-separated, CRLF, quotes doubled). A cell a
 * spreadsheet would run as a formula (=, +, -, @ first: a student's name is theirs to choose)
 * is prefixed with an apostrophe, as OWASP's CSV injection advice has it.
 */
import type { Board, BoardChallenge, BoardRow } from "./board";
import { describeStuck, stuckReason } from "./stuck";

const HEADER = [
  "Student",
  "Email",
  "Lab",
  "Step",
  "Step title",
  "Lab completed",
  "Minutes on step",
  "Check my work attempts",
  "Failing checks in a row",
  "Hints used",
  "Steps with Do it for me",
  "Last test",
  "Last test result",
  "Blocked at",
  "Stuck",
  "Break it fault",
  "Break it set by",
  "Break it applied at",
  "Break it outcome",
  "Break it seconds to fix",
  "Break it help asked",
];

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function minutesOnStep(row: BoardRow, now: number): string {
  if (!row.stepSince || !row.currentStepId) return "";
  return String(Math.floor((now - Date.parse(row.stepSince)) / 60_000));
}

/** The student's latest Break it challenge: the fault, who set it, when, fixed or still open (or ended), how fast, help asked. */
function challengeCells(challenge: BoardChallenge | null): Array<string | number> {
  if (!challenge) return ["", "", "", "", "", ""];
  const outcome = challenge.fixed ? "fixed" : challenge.closedBy ? `ended by ${challenge.closedBy}` : "open";
  return [
    challenge.faultTitle,
    challenge.byInstructor ? "instructor" : "student",
    challenge.appliedAt,
    outcome,
    challenge.secondsToFix ?? "",
    challenge.helpRequests,
  ];
}

function cells(row: BoardRow, board: Board, now: number): Array<string | number> {
  const stuck = stuckReason(row, board.rule, now);
  const verdict = row.lastVerdict;
  return [
    row.name,
    row.email,
    row.labTitle ?? "not started",
    row.stepNumber ? `${row.stepNumber}/${row.stepCount}` : "",
    row.stepTitle ?? "",
    row.completed ? "yes" : "no",
    minutesOnStep(row, now),
    row.checkAttempts,
    row.failedChecksInRow,
    row.hintsUsed,
    row.doneForMeSteps,
    verdict ? verdict.kind : "",
    verdict ? (verdict.ok ? "pass" : "fail") : "",
    verdict?.blockedBy ?? "",
    stuck ? describeStuck(stuck, board.rule) : "",
    ...challengeCells(row.challenge),
  ];
}

export function boardCsv(board: Board, now = Date.parse(board.at)): string {
  const lines = [HEADER, ...board.rows.map((row) => cells(row, board, now))];
  return lines.map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A file name from the class's name: letters, digits and dashes only. */
export function csvFileName(className: string, at: string): string {
  const slug = className.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "class";
  return `${slug}-progress-${at.slice(0, 10)}.csv`;
}
