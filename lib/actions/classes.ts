"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authAction } from "@/lib/action-pipeline/auth-action";
import type { ActionResult } from "@/lib/action-pipeline/result";
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

/** The class forms' refusals and messages: ClassroomError's words, zod's message without the field (the form words its fields). */
const FORM = { refusals: [ClassroomError], fieldInMessage: false } as const;

/** A class form's state from the pipeline's answer: a refusal is the form's error, a message its "done". */
function formState(result: ActionResult<unknown>): ClassFormState {
  if (!result.ok) return { error: result.error.message };
  return result.message ? { done: result.message } : {};
}

export async function createClassAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const result = await authAction(newClass, { name: form.get("name"), ...settingsFrom(form) }, async ({ user }, settings) => ({ data: (await createClass(user, settings)).id }), FORM);
  if (result.ok) redirect(`/classes/${result.data}`);
  return formState(result);
}

const settingsInput = z.object({ classId, ...settingsFields });

export async function updateClassSettingsAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const input = { classId: form.get("classId"), ...settingsFrom(form) };
  return formState(
    await authAction(settingsInput, input, async ({ user }, { classId: id, ...settings }) => {
      await updateClassSettings(user.id, id, settings);
      revalidatePath(`/classes/${id}`);
      return { data: undefined, message: "Saved." };
    }, FORM),
  );
}

const joinCode = z.string().trim().min(1, "Enter the class's join code.").max(20);

export async function joinClassAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const result = await authAction(joinCode, form.get("code"), async ({ user }, code) => ({ data: (await joinClass(user, code)).id }), FORM);
  if (result.ok) redirect(`/classes/${result.data}`);
  return formState(result);
}

const removeInput = z.object({ classId, studentId: z.string().min(1) });

export async function removeStudentAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const input = { classId: form.get("classId"), studentId: form.get("studentId") };
  return formState(
    await authAction(removeInput, input, async ({ user }, { classId: id, studentId }) => {
      await removeStudent(user.id, id, studentId);
      revalidatePath(`/classes/${id}`);
      return { data: undefined, message: "Removed from the class." };
    }, FORM),
  );
}

const instructorInput = z.object({ classId, email: z.string().trim().email("Enter an email address.") });

export async function addInstructorAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const input = { classId: form.get("classId"), email: form.get("email") };
  return formState(
    await authAction(instructorInput, input, async ({ user }, { classId: id, email }) => {
      const colleague = await addInstructor(user.id, id, email);
      revalidatePath(`/classes/${id}`);
      return { data: undefined, message: `${colleague.name} runs this class too.` };
    }, FORM),
  );
}

export async function setProjectorConsentAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const consent = form.get("consent") === "on";
  return formState(
    await authAction(classId, form.get("classId"), async ({ user }, id) => {
      await setProjectorConsent(user.id, id, consent);
      revalidatePath(`/classes/${id}`);
      return { data: undefined, message: consent ? "Your instructor may show your diagram on the projector." : "Your diagram stays off the projector." };
    }, FORM),
  );
}

const faultChoice = z.enum(["random", ...FAULTS.map((fault) => fault.id)] as [string, ...string[]]);

function describeRound(round: ClassFaultRound): string {
  const parts = [`Broke ${round.applied} ${round.applied === 1 ? "lab" : "labs"}.`];
  if (round.skipped.length) parts.push(`Left alone: ${round.skipped.length} (${[...new Set(round.skipped.map((skip) => skip.code))].join(", ")}).`);
  if (round.notCompleted) parts.push(`${round.notCompleted} ${round.notCompleted === 1 ? "student has" : "students have"} not completed the lab.`);
  return parts.join(" ");
}

const classFaultInput = z.object({ classId, labId: z.enum(["vpc-peering", "vpc-endpoints"]), fault: faultChoice });

/** Break it for the class: the chosen fault (or a random one each) on every student's completed lab. */
export async function applyClassFaultAction(_previous: ClassFormState, form: FormData): Promise<ClassFormState> {
  const input = { classId: form.get("classId"), labId: form.get("labId"), fault: form.get("fault") };
  return formState(
    await authAction(classFaultInput, input, async ({ user }, { classId: id, labId, fault }) => {
      const round = await applyFaultToClass(user.id, id, { labId, fault: fault as Parameters<typeof applyFaultToClass>[2]["fault"] });
      return { data: undefined, message: describeRound(round) };
    }, FORM),
  );
}
