/**
 * The class's progress in one lab, in a few numbers a room can read off a projector: how many
 * students are at each step, finished, not started, stuck.
 */
import { findLab } from "@/lib/labs/catalog";
import { type Board, loadBoard } from "./board";
import { classesTaughtBy } from "./classes";
import { stuckReason } from "./stuck";

export interface LabProgressSummary {
  className: string;
  students: number;
  notStarted: number;
  finished: number;
  stuck: number;
  /** One entry per step of the lab: how many students are on it now. */
  atStep: Array<{ title: string; students: number }>;
}

export function summarizeBoard(board: Board, labId: string, now: number): LabProgressSummary {
  const steps = findLab(labId)?.steps ?? [];
  const inLab = board.rows.filter((row) => row.labId === labId);
  return {
    className: board.className,
    students: board.rows.length,
    notStarted: board.rows.length - inLab.length,
    finished: inLab.filter((row) => row.completed).length,
    stuck: inLab.filter((row) => stuckReason(row, board.rule, now)).length,
    atStep: steps.map((step) => ({ title: step.title, students: inLab.filter((row) => row.currentStepId === step.id).length })),
  };
}

/** For a presenter: each running class they teach that works on this lab. */
export async function summariesForPresenter(instructorId: string, labId: string, now = new Date()): Promise<LabProgressSummary[]> {
  const classes = (await classesTaughtBy(instructorId)).filter((klass) => !klass.endedAt && klass.labIds.includes(labId));
  const boards = await Promise.all(classes.map((klass) => loadBoard(klass, now)));
  return boards.map((board) => summarizeBoard(board, labId, now.getTime()));
}
