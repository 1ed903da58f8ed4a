"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ForbiddenError, NotSignedInError, requireUserOrThrow } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { applyFaultToClass, type ClassFaultRound } from "@/lib/classroom/class-faults";
import { addInstructor, ClassroomError, createClass, joinClass, removeStudent, setProjectorConsent } from "@/lib/classroom/classes";
import { FAULTS } from "@/lib/labs/break-it/catalog";
import { updateClassSettings } from "@/lib/classroom/settings";

export type ClassFormState = { error?: string; done?: string };

const labIds = z.array(z.enum(["vpc-peering", "vpc-endpoints"])).min(1, "Assign at least one lab.");
const minutes = z.coerce.number().int("Whole minutes.").min(1, "At least 1 minute.").max(600, "At most 600 minutes.");
const failedChecks = z.coerce.number().int().min(1, "At least 1 check.").max(50, "At most 50 checks.");
/** A datetime-local field's value, read as UTC (the page says so); empty means no end. */
const endsAt = z
  .string()
  .trim()
  .transform((value, context) => {
    if (!value) return undefined;
    const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) context.addIssue({ code: "custom", message: "Enter the end as a date and time." });
    return date;
  });

const settingsFields = {
  labIds,
  hintsEnabled: z.boolean(),
  stuckMinutes: minutes,
  stuckFailedChecks: failedChecks,
  endsAt,
};
const newClass = z.object({ name: z.string().trim().min(1, "Name the class.").max(80, "At most 80 characters."), ...settingsFields });
const classId = z.string().uuid("Unknown class.");

function settingsFrom(form: FormData) {
  return {
    labIds: form.getAll("labIds"),
    hintsEnabled: form.get("hintsEnabled") === "on",
    stuckMinutes: form.get("stuckMinutes"),
    stuckFailedChecks: form.get("stuckFailedChecks"),
    endsAt: String(form.get("endsAt") ?? ""),
  };
}

/** Runs a class form's work for the signed-in user; refusals come back as the form's error. */
async function asForm(work: (user: User) => Promise<ClassFormState>): Promise<ClassFormState> {
  try {
    return await work(await requireUserOrThrow());
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof NotSignedInError || error instanceof ClassroomError) return { error: error.message };
    throw error;
  }
}

function firstIssue(error: z.ZodError): ClassFormState {
  return { error: error.issues[0].message };
}

export async function createClassAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  let created: string | undefined;
  const state = await asForm(async (user) => {
    const parsed = newClass.safeParse({ name: form.get("name"), ...settingsFrom(form) });
    if (!parsed.success) return firstIssue(parsed.error);
    created = (await createClass(user, parsed.data)).id;
    return {};
  });
  if (created) redirect(`/classes/${created}`);
  return state;
}

export async function updateClassSettingsAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  return asForm(async (user) => {
    const parsed = z.object({ classId, ...settingsFields }).safeParse({ classId: form.get("classId"), ...settingsFrom(form) });
    if (!parsed.success) return firstIssue(parsed.error);
    const { classId: id, ...settings } = parsed.data;
    await updateClassSettings(user.id, id, settings);
    revalidatePath(`/classes/${id}`);
    return { done: "Saved." };
  });
}

export async function joinClassAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  let joined: string | undefined;
  const state = await asForm(async (user) => {
    const code = z.string().trim().min(1, "Enter the class's join code.").max(20).safeParse(form.get("code"));
    if (!code.success) return firstIssue(code.error);
    joined = (await joinClass(user, code.data)).id;
    return {};
  });
  if (joined) redirect(`/classes/${joined}`);
  return state;
}

export async function removeStudentAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  return asForm(async (user) => {
    const parsed = z.object({ classId, studentId: z.string().min(1) }).safeParse({ classId: form.get("classId"), studentId: form.get("studentId") });
    if (!parsed.success) return firstIssue(parsed.error);
    await removeStudent(user.id, parsed.data.classId, parsed.data.studentId);
    revalidatePath(`/classes/${parsed.data.classId}`);
    return { done: "Removed from the class." };
  });
}

export async function addInstructorAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  return asForm(async (user) => {
    const parsed = z.object({ classId, email: z.string().trim().email("Enter an email address.") }).safeParse({ classId: form.get("classId"), email: form.get("email") });
    if (!parsed.success) return firstIssue(parsed.error);
    const colleague = await addInstructor(user.id, parsed.data.classId, parsed.data.email);
    revalidatePath(`/classes/${parsed.data.classId}`);
    return { done: `${colleague.name} runs this class too.` };
  });
}

export async function setProjectorConsentAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  return asForm(async (user) => {
    const parsed = classId.safeParse(form.get("classId"));
    if (!parsed.success) return firstIssue(parsed.error);
    const consent = form.get("consent") === "on";
    await setProjectorConsent(user.id, parsed.data, consent);
    revalidatePath(`/classes/${parsed.data}`);
    return { done: consent ? "Your instructor may show your diagram on the projector." : "Your diagram stays off the projector." };
  });
}

const faultChoice = z.enum(["random", ...FAULTS.map((fault) => fault.id)] as [string, ...string[]]);

function describeRound(round: ClassFaultRound): string {
  const parts = [`Broke ${round.applied} ${round.applied === 1 ? "lab" : "labs"}.`];
  if (round.skipped.length) parts.push(`Left alone: ${round.skipped.length} (${[...new Set(round.skipped.map((skip) => skip.code))].join(", ")}).`);
  if (round.notCompleted) parts.push(`${round.notCompleted} ${round.notCompleted === 1 ? "student has" : "students have"} not completed the lab.`);
  return parts.join(" ");
}

/** Break it for the class: the chosen fault (or a random one each) on every student's completed lab. */
export async function applyClassFaultAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  return asForm(async (user) => {
    const parsed = z
      .object({ classId, labId: z.enum(["vpc-peering", "vpc-endpoints"]), fault: faultChoice })
      .safeParse({ classId: form.get("classId"), labId: form.get("labId"), fault: form.get("fault") });
    if (!parsed.success) return firstIssue(parsed.error);
    const { classId: id, labId, fault } = parsed.data;
    const round = await applyFaultToClass(user.id, id, { labId, fault: fault as Parameters<typeof applyFaultToClass>[2]["fault"] });
    return { done: describeRound(round) };
  });
}
