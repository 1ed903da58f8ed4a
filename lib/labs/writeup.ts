/**
 * The write-up: per step, what was done, the diagram at that point, the route table or policy that
 * matters, the test output and the student's notes, as Markdown with `images/step-N.png` beside it.
 */
import { strToU8, type Zippable, zipSync } from "fflate";
import { clientsForUser } from "@/lib/aws/clients";
import { checkAllSteps, labDefinition, readLabContext } from "./check";
import { loadLabProgress, loadStepRecords, type StepRecord } from "./progress";
import type { CheckResult, LabDefinition, LabId, StepContext } from "./steps";

export interface WriteupStep {
  number: number;
  id: string;
  title: string;
  doneMeans: string;
  completedAt?: Date;
  /** From the record saved at completion, else from the account now. */
  summary: string;
  config: string;
  fromRecord: boolean;
  testCommand?: string;
  testOutput?: string;
  imagePath?: string;
  note?: string;
  /** The live check, when the step is not completed yet. */
  openFindings: string[];
}

export interface WriteupInput {
  lab: LabDefinition;
  studentName: string;
  accountId: string;
  region: string;
  completedSteps: string[];
  records: StepRecord[];
  notes: Record<string, string>;
  /** The account now, for steps without a record. */
  current?: StepContext;
  currentResults?: Record<string, CheckResult>;
  generatedAt?: Date;
}

export function imagePathOf(stepNumber: number): string {
  return `images/step-${stepNumber}.png`;
}

export function writeupSteps(input: WriteupInput): WriteupStep[] {
  const records = new Map(input.records.map((record) => [record.stepId, record]));
  const completed = new Set(input.completedSteps);
  return input.lab.steps.map((step, index) => {
    const record = records.get(step.id);
    const evidence = record ?? (input.current ? step.evidence(input.current) : { summary: "", config: "" });
    const isDone = completed.has(step.id);
    return {
      number: index + 1,
      id: step.id,
      title: step.title,
      doneMeans: step.doneMeans,
      completedAt: isDone ? record?.completedAt : undefined,
      summary: evidence.summary,
      config: evidence.config,
      fromRecord: Boolean(record),
      testCommand: record?.testCommand ?? undefined,
      testOutput: record?.testOutput ?? undefined,
      imagePath: record?.hasImage ? imagePathOf(index + 1) : undefined,
      note: input.notes[step.id],
      openFindings: isDone ? [] : (input.currentResults?.[step.id]?.findings ?? []),
    };
  });
}

/** A fenced block that no line of the content can close. */
function fenced(content: string, language = "text"): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${content.replace(/\n+$/, "")}\n${fence}`;
}

function stepSection(step: WriteupStep): string {
  const lines = [`## Step ${step.number} — ${step.title}`, ""];
  lines.push(step.completedAt ? `Completed ${step.completedAt.toISOString().replace("T", " ").slice(0, 16)} UTC.` : "Not completed yet.", "");
  lines.push(`**Done means:** ${step.doneMeans}`, "");
  if (step.openFindings.length) lines.push("**Still missing:**", "", ...step.openFindings.map((finding) => `- ${finding}`), "");
  lines.push(step.fromRecord ? "### What was done" : "### What the account holds now", "", fenced(step.summary || "(nothing yet)"), "");
  if (step.imagePath) lines.push("### Diagram", "", `![Diagram after step ${step.number}](${step.imagePath})`, "");
  if (step.config && step.config !== step.summary) lines.push("### Configuration", "", fenced(step.config), "");
  if (step.testCommand) lines.push("### Test output", "", fenced(`$ ${step.testCommand}\n${step.testOutput ?? ""}`, "console"), "");
  if (step.note?.trim()) lines.push("### Notes", "", step.note.trim(), "");
  return lines.join("\n");
}

export function buildWriteupMarkdown(input: WriteupInput): string {
  const steps = writeupSteps(input);
  const done = steps.filter((step) => step.completedAt).length;
  const generated = (input.generatedAt ?? new Date()).toISOString().replace("T", " ").slice(0, 16);
  const head = [
    `# ${input.lab.title} — lab write-up`,
    "",
    `${input.studentName} · AWS account ${input.accountId} · ${input.region} · generated ${generated} UTC`,
    "",
    `${done} of ${steps.length} steps completed.`,
    "",
  ].join("\n");
  return `${head}\n${steps.map(stepSection).join("\n")}`;
}

export function writeupFileName(labId: string, date = new Date()): string {
  return `vpc-lab-${labId}-writeup-${date.toISOString().slice(0, 10)}`;
}

/** The download: README.md plus images/step-N.png for every step that has its diagram. */
export function writeupZip(markdown: string, images: Map<number, Buffer>, date = new Date()): Buffer {
  const files: Zippable = { "README.md": [strToU8(markdown), { level: 6 }] };
  for (const [stepNumber, png] of [...images].sort(([a], [b]) => a - b)) files[imagePathOf(stepNumber)] = png;
  // PNGs are compressed already: store them, deflate only the Markdown.
  return Buffer.from(zipSync(files, { mtime: date, level: 0 }).buffer);
}

export interface LoadedWriteup {
  input: WriteupInput;
  steps: WriteupStep[];
  markdown: string;
}

/** Everything the write-up page and its download show, for one user and lab. */
export async function loadWriteup(user: { id: string; name: string }, labId: LabId): Promise<LoadedWriteup> {
  const lab = labDefinition(labId);
  const [progress, records, aws] = await Promise.all([loadLabProgress(user.id, labId), loadStepRecords(user.id, labId), clientsForUser(user.id)]);
  let current: StepContext | undefined;
  let currentResults: Record<string, CheckResult> | undefined;
  try {
    current = await readLabContext(aws, lab);
    currentResults = await checkAllSteps(lab, current, progress.reopenedAt);
  } catch (error) {
    // The write-up still stands on the saved records when the account cannot be read.
    console.error("write-up: could not read the account", error);
  }
  const input: WriteupInput = {
    lab,
    studentName: user.name,
    accountId: current?.snapshot.accountId ?? "(unknown)",
    region: current?.snapshot.region ?? aws.region,
    completedSteps: progress.completedSteps,
    records,
    notes: progress.notes,
    current,
    currentResults,
  };
  return { input, steps: writeupSteps(input), markdown: buildWriteupMarkdown(input) };
}
