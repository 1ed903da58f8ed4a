/**
 * The write-up in the platform's shape (writeup-sections.ts), built from what happened: the step
 * records, the run's moments (each with its diagram, table or policy and exact output), the
 * student's own words replacing the drafts, and the reflection data (time per step, Check my work
 * attempts, hints). One document, three formats: Markdown with images (zip), one self-contained
 * HTML page (writeup-html.ts) and a PDF printed from that page (writeup-pdf.ts).
 */
import { strToU8, type Zippable, zipSync } from "fflate";
import type { StoredMoment } from "./moment-store";
import type { StepRecord } from "./progress";
import type { CheckResult, LabDefinition, StepContext } from "./steps";
import { type DraftFacts, type SectionDefinition, WRITEUP_SHAPES } from "./writeup-sections";

export interface WriteupImage {
  /** Its path in the zip and the Markdown. */
  path: string;
  alt: string;
  contentType: "image/svg+xml" | "image/png";
  /** The moment's stored SVG, or the step's PNG (loaded by the exports). */
  svg?: string;
  stepId?: string;
}

export interface WriteupMoment {
  id: number;
  kind: string;
  title: string;
  at: Date;
  command?: string;
  output: string;
  detail: string;
  pinned: boolean;
  image: WriteupImage;
}

export interface WriteupSection {
  id: string;
  heading: string;
  /** The student's words if saved, else the draft. */
  text: string;
  draft: string;
  edited: boolean;
  moments: WriteupMoment[];
  /** The diagram after the section's last step, when it shows no moment. */
  stepImage?: WriteupImage;
  notes: string[];
}

export interface ReflectionRow {
  stepId: string;
  title: string;
  completedAt?: Date;
  /** From the previous step's completion (the first: from the run's start). */
  minutes?: number;
  checkAttempts: number;
  hintsUsed: number;
  /** Completed by Do it for me rather than by the student's own work. */
  doneForMe: boolean;
}

export interface WriteupStep {
  number: number;
  title: string;
  completedAt?: Date;
  doneForMe: boolean;
}

export interface WriteupDocument {
  labId: string;
  title: string;
  summary: WriteupSection;
  byline: string;
  intro: WriteupSection[];
  steps: WriteupStep[];
  sections: WriteupSection[];
  reflection: { rows: ReflectionRow[]; totalMinutes?: number; checkAttempts: number; hintsUsed: number; doneForMe: number };
}

export interface StepActivity {
  stepId: string;
  checkAttempts: number;
  hintsUsed: number;
}

export interface WriteupInput {
  lab: LabDefinition;
  studentName: string;
  accountId: string;
  region: string;
  completedSteps: string[];
  records: StepRecord[];
  notes: Record<string, string>;
  /** The completed steps Do it for me completed (progress.ts stepsDoneForMe). */
  doneForMe?: string[];
  moments: StoredMoment[];
  /** The student's own words per section id. */
  texts: Record<string, string>;
  activity: StepActivity[];
  /** When the lab run started (the lab first opened). */
  runStartedAt?: Date;
  /** The account now, for steps without a record. */
  current?: StepContext;
  currentResults?: Record<string, CheckResult>;
  generatedAt?: Date;
}

const minutesBetween = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

export function stepImagePath(stepNumber: number): string {
  return `images/step-${stepNumber}.png`;
}

/** The completed steps Do it for me completed. */
function stepsDoneForMe(input: WriteupInput): Set<string> {
  return new Set(input.completedSteps.filter((stepId) => input.doneForMe?.includes(stepId)));
}

/** Time per step, from one completion to the next; the first step counts from the run's start. */
export function reflectionOf(input: WriteupInput): WriteupDocument["reflection"] {
  const doneForMe = stepsDoneForMe(input);
  const records = new Map(input.records.map((record) => [record.stepId, record]));
  const activity = new Map(input.activity.map((row) => [row.stepId, row]));
  const completed = new Set(input.completedSteps);
  const firstCompletion = Math.min(...input.records.map((record) => record.completedAt.getTime()));
  let previous = input.runStartedAt && input.runStartedAt.getTime() <= firstCompletion ? input.runStartedAt : undefined;
  const rows = input.lab.steps.map((step): ReflectionRow => {
    const completedAt = completed.has(step.id) ? records.get(step.id)?.completedAt : undefined;
    const minutes = completedAt && previous ? minutesBetween(previous, completedAt) : undefined;
    if (completedAt) previous = completedAt;
    return {
      stepId: step.id,
      title: step.title,
      completedAt,
      minutes,
      checkAttempts: activity.get(step.id)?.checkAttempts ?? 0,
      hintsUsed: activity.get(step.id)?.hintsUsed ?? 0,
      doneForMe: Boolean(completedAt) && doneForMe.has(step.id),
    };
  });
  const done = rows.filter((row) => row.completedAt);
  const start = input.runStartedAt && input.runStartedAt.getTime() <= firstCompletion ? input.runStartedAt : done[0]?.completedAt;
  const last = done[done.length - 1]?.completedAt;
  return {
    rows,
    totalMinutes: start && last ? minutesBetween(start, last) : undefined,
    checkAttempts: rows.reduce((sum, row) => sum + row.checkAttempts, 0),
    hintsUsed: rows.reduce((sum, row) => sum + row.hintsUsed, 0),
    doneForMe: rows.filter((row) => row.doneForMe).length,
  };
}

function durationText(reflection: WriteupDocument["reflection"], input: WriteupInput): string | undefined {
  const done = reflection.rows.filter((row) => row.completedAt);
  if (!done.length || reflection.totalMinutes === undefined) return undefined;
  const start = input.runStartedAt && input.runStartedAt.getTime() <= done[0].completedAt!.getTime() ? input.runStartedAt : done[0].completedAt!;
  const minutes = reflection.totalMinutes;
  // A lab built in one go (Ansible, a script) takes seconds: "about 0 minutes" read as a fault.
  const length = minutes < 1 ? "under a minute" : minutes < 60 ? `about ${minutes} minute${minutes === 1 ? "" : "s"}` : `about ${minutesText(minutes)}`;
  return `${length} (${start.toISOString().slice(11, 16)} to ${clock(done[done.length - 1].completedAt!)})`;
}

/** A length as the reflection table prints it: "under 1 min", "42 min", "1 h 35 min". */
function minutesText(minutes: number): string {
  if (minutes < 1) return "under 1 min";
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A step's time in the reflection table; "—" for a completed step with no step before it to count from. */
export function stepTimeText(row: ReflectionRow): string {
  if (row.minutes !== undefined) return minutesText(row.minutes);
  return row.completedAt ? "—" : "not completed";
}

/** A step in "In the first part of my project…": when it was completed, and whether Do it for me did it. */
export function stepCompletionText(step: WriteupStep): string {
  if (!step.completedAt) return "not completed yet";
  return `completed ${clock(step.completedAt)}${step.doneForMe ? " with Do it for me" : ""}`;
}

/** The reflection's Do it for me cell: blank for a step not completed. */
export function doneForMeText(row: ReflectionRow): string {
  if (!row.completedAt) return "";
  return row.doneForMe ? "yes" : "no";
}

/** The whole lab's time in the reflection table; before any step is completed it says so (it was a blank cell). */
export function totalTimeText(reflection: WriteupDocument["reflection"]): string {
  return reflection.totalMinutes === undefined ? "no step completed yet" : minutesText(reflection.totalMinutes);
}

function draftFacts(input: WriteupInput, duration: string | undefined): DraftFacts {
  const doneForMe = stepsDoneForMe(input);
  const records = new Map(input.records.map((record) => [record.stepId, record]));
  const live = (stepId: string) => {
    const step = input.lab.steps.find((candidate) => candidate.id === stepId);
    return step && input.current ? step.evidence(input.current) : undefined;
  };
  return {
    summary: (stepId) => records.get(stepId)?.summary ?? live(stepId)?.summary,
    config: (stepId) => records.get(stepId)?.config ?? live(stepId)?.config,
    completed: (stepId) => input.completedSteps.includes(stepId),
    doneForMe: (stepId) => doneForMe.has(stepId),
    moment: (kind) => input.moments.find((moment) => moment.kind === kind) && toDraftMoment(input.moments.find((moment) => moment.kind === kind)!),
    duration,
    completedSteps: input.completedSteps.length,
    totalSteps: input.lab.steps.length,
    doneForMeSteps: doneForMe.size,
  };
}

function toDraftMoment(moment: StoredMoment) {
  return { title: moment.title, at: moment.happenedAt, command: moment.command, output: moment.output };
}

function momentOf(moment: StoredMoment, number: number): WriteupMoment {
  return {
    id: moment.id,
    kind: moment.kind,
    title: moment.title,
    at: moment.happenedAt,
    command: moment.command ?? undefined,
    output: moment.output,
    detail: moment.detail,
    pinned: moment.pinned,
    image: { path: `images/moment-${number}.svg`, alt: `Diagram: ${moment.title}`, contentType: "image/svg+xml", svg: moment.diagramSvg },
  };
}

function filled(definition: SectionDefinition, facts: DraftFacts, texts: Record<string, string>): Pick<WriteupSection, "id" | "heading" | "text" | "draft" | "edited"> {
  const draft = definition.draft(facts);
  const own = texts[definition.id];
  return { id: definition.id, heading: definition.heading, draft, text: own?.trim() ? own : draft, edited: Boolean(own?.trim()) };
}

export function buildWriteup(input: WriteupInput): WriteupDocument {
  const shape = WRITEUP_SHAPES[input.lab.id];
  const reflection = reflectionOf(input);
  const facts = draftFacts(input, durationText(reflection, input));
  const doneForMe = stepsDoneForMe(input);
  const numbered = new Map(input.moments.map((moment, index) => [moment.id, momentOf(moment, index + 1)]));
  const records = new Map(input.records.map((record) => [record.stepId, record]));
  const stepNumber = (stepId: string) => input.lab.steps.findIndex((step) => step.id === stepId) + 1;
  const bare = (definition: SectionDefinition): WriteupSection => ({ ...filled(definition, facts, input.texts), moments: [], notes: [] });
  const sections = shape.sections.map((definition): WriteupSection => {
    const moments = input.moments.filter((moment) => moment.sectionId === definition.id).map((moment) => numbered.get(moment.id)!);
    const lastStep = [...definition.stepIds, ...(definition.imageStepId ? [definition.imageStepId] : [])].reverse().find((stepId) => records.get(stepId)?.hasImage);
    const stepImage: WriteupImage | undefined =
      !moments.length && lastStep ? { path: stepImagePath(stepNumber(lastStep)), alt: `Diagram after step ${stepNumber(lastStep)}`, contentType: "image/png", stepId: lastStep } : undefined;
    const notes = definition.stepIds.map((stepId) => input.notes[stepId]?.trim()).filter((note): note is string => Boolean(note));
    return { ...bare(definition), moments, stepImage, notes };
  });
  const summaryDraft = shape.summary(facts);
  const ownSummary = input.texts.summary?.trim();
  const generated = (input.generatedAt ?? new Date()).toISOString().replace("T", " ").slice(0, 16);
  return {
    labId: input.lab.id,
    title: input.lab.title,
    summary: { id: "summary", heading: "Summary", draft: summaryDraft, text: ownSummary || summaryDraft, edited: Boolean(ownSummary), moments: [], notes: [] },
    byline: `${input.studentName} · AWS account ${input.accountId} · ${input.region} · generated ${generated} UTC`,
    intro: shape.intro.map(bare),
    steps: input.lab.steps.map((step, index) => {
      const completed = input.completedSteps.includes(step.id);
      return { number: index + 1, title: step.title, completedAt: completed ? records.get(step.id)?.completedAt : undefined, doneForMe: doneForMe.has(step.id) };
    }),
    sections,
    reflection,
  };
}

/** Every image the document shows, once each. */
export function writeupImages(document: WriteupDocument): WriteupImage[] {
  return document.sections.flatMap((section) => [...section.moments.map((moment) => moment.image), ...(section.stepImage ? [section.stepImage] : [])]);
}

// ---------------------------------------------------------------- Markdown

/** A fenced block that no line of the content can close. */
function fenced(content: string, language = "text"): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${content.replace(/\n+$/, "")}\n${fence}`;
}

export function terminalText(moment: Pick<WriteupMoment, "command" | "output">): string {
  return moment.command ? `$ ${moment.command}\n${moment.output}` : moment.output;
}

function momentMarkdown(moment: WriteupMoment): string[] {
  const lines = [`#### ${moment.title} (${clock(moment.at)})`, "", `![${moment.image.alt}](${moment.image.path})`, ""];
  if (moment.output || moment.command) lines.push(fenced(terminalText(moment), "console"), "");
  if (moment.detail) lines.push(fenced(moment.detail), "");
  return lines;
}

function sectionMarkdown(section: WriteupSection): string {
  const lines = [`## ${section.heading}`, "", section.text, ""];
  for (const note of section.notes) lines.push(`> ${note.replace(/\n/g, "\n> ")}`, "");
  if (section.stepImage) lines.push(`![${section.stepImage.alt}](${section.stepImage.path})`, "");
  for (const moment of section.moments) lines.push(...momentMarkdown(moment));
  return lines.join("\n");
}

function reflectionMarkdown(reflection: WriteupDocument["reflection"]): string {
  const rows = reflection.rows.map((row) => `| ${row.title} | ${stepTimeText(row)} | ${row.checkAttempts} | ${row.hintsUsed} | ${doneForMeText(row)} |`);
  const total = totalTimeText(reflection);
  return [
    "## Reflection",
    "",
    "| Step | Time | Check my work | Hints used | Do it for me |",
    "|---|---|---|---|---|",
    ...rows,
    `| **Whole lab** | ${total} | ${reflection.checkAttempts} | ${reflection.hintsUsed} | ${reflection.doneForMe} |`,
    "",
  ].join("\n");
}

export function writeupMarkdown(document: WriteupDocument): string {
  const steps = document.steps.map((step) => `${step.number}. ${step.title} (${stepCompletionText(step)})`);
  return [
    `# ${document.title}`,
    "",
    `*${document.summary.text}*`,
    "",
    document.byline,
    "",
    "## Introducing today's project",
    "",
    ...document.intro.flatMap((section) => [`### ${section.heading}`, "", section.text, ""]),
    "## In the first part of my project…",
    "",
    ...steps,
    "",
    ...document.sections.map(sectionMarkdown),
    reflectionMarkdown(document.reflection),
  ].join("\n");
}

export function writeupFileName(labId: string, date = new Date()): string {
  return `vpc-lab-${labId}-writeup-${date.toISOString().slice(0, 10)}`;
}

/** The download: README.md plus every image it names (moments as SVG, step diagrams as PNG). */
export function writeupZip(document: WriteupDocument, stepImages: Map<string, Buffer>, date = new Date()): Buffer {
  const files: Zippable = { "README.md": [strToU8(writeupMarkdown(document)), { level: 6 }] };
  for (const image of writeupImages(document)) {
    if (image.svg) files[image.path] = [strToU8(image.svg), { level: 6 }];
    else if (image.stepId && stepImages.has(image.stepId)) files[image.path] = stepImages.get(image.stepId)!;
  }
  // PNGs are compressed already: store them, deflate only the text.
  return Buffer.from(zipSync(files, { mtime: date, level: 0 }).buffer);
}
