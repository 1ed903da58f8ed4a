import { describe, expect, it } from "vitest";
import type { Board, BoardRow } from "./board";
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
  lastVerdict: { kind: "ping", ok: false, blockedBy: "route-table rtb-1", at: "2026-12-03T09:59:00Z" },
  challenge: null,
  ...values,
});

const board = (rows: BoardRow[]): Board => ({ classId: "c", className: "Net 101", rule: { minutes: 15, failedChecks: 3 }, rows, at: "2026-12-03T10:00:00.000Z" });

describe("the class's progress as CSV", () => {
  it("has one line per student with the step, time, checks, hints, last test and stuck mark", () => {
    const csv = boardCsv(board([row({}), row({ studentId: "s2", name: "Grace", email: "g@example.test", currentStepId: null, stepNumber: null, stepTitle: null, completed: true, lastVerdict: { kind: "ping", ok: true, at: "2026-12-03T09:00:00Z" }, failedChecksInRow: 0 })]));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Student,Email,Lab,Step,Step title,Lab completed,Minutes on step,Check my work attempts,Failing checks in a row,Hints used,Last test,Last test result,Blocked at,Stuck",
    );
    expect(lines[1]).toBe("Ada,ada@example.test,VPC Peering,3/6,Route each VPC to the other,no,11,4,3,1,ping,fail,route-table rtb-1,3+ failing checks in a row");
    expect(lines[2]).toBe("Grace,g@example.test,VPC Peering,,,yes,,4,0,1,ping,pass,,");
    expect(lines[3]).toBe("");
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
