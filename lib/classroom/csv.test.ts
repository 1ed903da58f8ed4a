import { describe, expect, it } from "vitest";
import type { Board, BoardChallenge, BoardRow } from "./board";
import { boardCsv, csvCell, csvFileName } from "./csv";

const row = (values: Partial<BoardRow>): BoardRow => ({
  studentId: "s1",
  name: "Ada",
  email: "ada@example.test",
  projectorConsent: false,
  labId: "vpc-peering",
  labTitle: "VPC Peering",
  stepNumber: 3,
  stepCount: 6,
  stepTitle: "Route each VPC to the other",
  currentStepId: "routes",
  completed: false,
  stepSince: "2026-12-03T09:48:30Z",
  checkAttempts: 4,
  failedChecksInRow: 3,
  hintsUsed: 1,
  doneForMeSteps: 0,
  lastVerdict: { kind: "ping", ok: false, blockedBy: "route-table rtb-1", at: "2026-12-03T09:59:00Z" },
  challenge: null,
  ...values,
});

const board = (rows: BoardRow[]): Board => ({ classId: "c", className: "Net 101", rule: { minutes: 15, failedChecks: 3 }, rows, at: "2026-12-03T10:00:00.000Z" });

describe("the class's progress as CSV", () => {
  it("has one line per student with the step, time, checks, hints, steps Do it for me completed, last test and stuck mark", () => {
    const csv = boardCsv(
      board([
        row({}),
        row({ studentId: "s2", name: "Grace", email: "g@example.test", currentStepId: null, stepNumber: null, stepTitle: null, completed: true, doneForMeSteps: 4, lastVerdict: { kind: "ping", ok: true, at: "2026-12-03T09:00:00Z" }, failedChecksInRow: 0 }),
      ]),
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Student,Email,Lab,Step,Step title,Lab completed,Minutes on step,Check my work attempts,Failing checks in a row,Hints used,Steps with Do it for me,Last test,Last test result,Blocked at,Stuck," +
        "Break it fault,Break it set by,Break it applied at,Break it outcome,Break it seconds to fix,Break it help asked",
    );
    expect(lines[1]).toBe("Ada,ada@example.test,VPC Peering,3/6,Route each VPC to the other,no,11,4,3,1,0,ping,fail,route-table rtb-1,3+ failing checks in a row,,,,,,");
    expect(lines[2]).toBe("Grace,g@example.test,VPC Peering,,,yes,,4,0,1,4,ping,pass,,,,,,,,");
    expect(lines[3]).toBe("");
  });

  it("carries each student's latest Break it challenge: the fault, who set it, when, fixed, open or ended, seconds to fix and help asked", () => {
    const challenge = (values: Partial<BoardChallenge>): BoardChallenge => ({
      faultId: "peering-route-removed",
      faultTitle: "Remove the peering route on VPC 2's side",
      byInstructor: true,
      appliedAt: "2026-12-03T09:40:00.000Z",
      fixed: false,
      secondsToFix: null,
      helpRequests: 0,
      closedBy: null,
      ...values,
    });
    const done = { currentStepId: null, stepNumber: null, stepTitle: null, completed: true, failedChecksInRow: 0, lastVerdict: null };
    const csv = boardCsv(
      board([
        row({ ...done, challenge: challenge({ fixed: true, secondsToFix: 312, helpRequests: 2 }) }),
        row({ ...done, name: "Bob", challenge: challenge({ faultTitle: "Stop instance 2", byInstructor: false }) }),
        row({ ...done, name: "Cy", challenge: challenge({ closedBy: "reset" }) }),
      ]),
    );
    const breakIt = csv
      .split("\r\n")
      .slice(1, 4)
      .map((line) => line.split(",").slice(-6).join(","));
    expect(breakIt).toEqual([
      "Remove the peering route on VPC 2's side,instructor,2026-12-03T09:40:00.000Z,fixed,312,2",
      "Stop instance 2,student,2026-12-03T09:40:00.000Z,open,,0",
      "Remove the peering route on VPC 2's side,instructor,2026-12-03T09:40:00.000Z,ended by reset,,0",
    ]);
  });

  it("quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell('Lovelace, "Ada"')).toBe('"Lovelace, ""Ada"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("names the file after the class and the day", () => {
    expect(csvFileName("Net 101: Peering!", "2026-12-03T10:00:00Z")).toBe("net-101-peering-progress-2026-12-03.csv");
  });
});
