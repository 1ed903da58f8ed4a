"use client";

import { type ReactNode, useActionState } from "react";
import {
  addInstructorAction,
  type ClassFormState,
  createClassAction,
  joinClassAction,
  removeStudentAction,
  setProjectorConsentAction,
  updateClassSettingsAction,
} from "@/lib/actions/classes";
import { Button } from "@/components/ui/button";
import { Field, FormAlert } from "@/components/ui/field";
import { withRequestBoundary } from "@/components/ui/request-boundary";

type FormAction = (previous: ClassFormState, form: FormData) => Promise<ClassFormState>;

function ClassFormFields({ action, submit, pendingLabel, children, className = "space-y-4", label }: { action: FormAction; submit: string; pendingLabel: string; children?: ReactNode; className?: string; label?: string }) {
  const [state, formAction, pending] = useActionState<ClassFormState, FormData>(action, {});
  return (
    <form action={formAction} className={className} aria-label={label} noValidate>
      <FormAlert message={state.error} />
      {state.done ? <p role="status" className="text-sm text-emerald-800">{state.done}</p> : null}
      {children}
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submit}
      </Button>
    </form>
  );
}

/**
 * A class form: its fields, a submit button, and the outcome (an error, or what was done). Refused by
 * the server before the action ran, it answers in place.
 */
const ClassForm = withRequestBoundary(ClassFormFields);

const LAB_CHOICES = [
  ["vpc-peering", "Lab 1: VPC Peering"],
  ["vpc-endpoints", "Lab 2: VPC Endpoints"],
] as const;

export interface SettingsValues {
  labIds: string[];
  hintsEnabled: boolean;
  stuckMinutes: number;
  stuckFailedChecks: number;
  /** yyyy-mm-ddThh:mm in UTC, or empty. */
  endsAt: string;
}

const NEW_CLASS: SettingsValues = { labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3, endsAt: "" };

function SettingsFields({ values }: { values: SettingsValues }) {
  return (
    <>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Labs</legend>
        {LAB_CHOICES.map(([id, title]) => (
          <label key={id} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="labIds" value={id} defaultChecked={values.labIds.includes(id)} /> {title}
          </label>
        ))}
      </fieldset>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="hintsEnabled" defaultChecked={values.hintsEnabled} /> Students may open the steps&apos; hints
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Stuck after minutes on one step" name="stuckMinutes" type="number" min={1} max={600} defaultValue={values.stuckMinutes} />
        <Field label="…or failing checks in a row" name="stuckFailedChecks" type="number" min={1} max={50} defaultValue={values.stuckFailedChecks} />
      </div>
      <Field
        label="Class ends at (UTC, optional)"
        name="endsAt"
        type="datetime-local"
        defaultValue={values.endsAt}
        hint="At the end, every student's labs of this class are torn down."
      />
    </>
  );
}

export function CreateClassForm() {
  return (
    <ClassForm action={createClassAction} submit="Create class" pendingLabel="Creating…" label="Create a class">
      <Field label="Class name" name="name" required maxLength={80} />
      <SettingsFields values={NEW_CLASS} />
    </ClassForm>
  );
}

export function ClassSettingsForm({ classId, values }: { classId: string; values: SettingsValues }) {
  return (
    <ClassForm action={updateClassSettingsAction} submit="Save settings" pendingLabel="Saving…" label="Class settings">
      <input type="hidden" name="classId" value={classId} />
      <SettingsFields values={values} />
    </ClassForm>
  );
}

export function JoinClassForm({ code = "" }: { code?: string }) {
  return (
    <ClassForm action={joinClassAction} submit="Join class" pendingLabel="Joining…" label="Join a class">
      <Field label="Join code" name="code" required defaultValue={code} autoComplete="off" autoCapitalize="characters" />
    </ClassForm>
  );
}

export function RemoveStudentButton({ classId, studentId, name }: { classId: string; studentId: string; name: string }) {
  return (
    <ClassForm action={removeStudentAction} submit={`Remove ${name}`} pendingLabel="Removing…" className="inline-flex items-center gap-2">
      <input type="hidden" name="classId" value={classId} />
      <input type="hidden" name="studentId" value={studentId} />
    </ClassForm>
  );
}

export function AddInstructorForm({ classId }: { classId: string }) {
  return (
    <ClassForm action={addInstructorAction} submit="Add instructor" pendingLabel="Adding…" label="Add an instructor">
      <input type="hidden" name="classId" value={classId} />
      <Field label="Instructor's email" name="email" type="email" required />
    </ClassForm>
  );
}

export function ProjectorConsentForm({ classId, consent }: { classId: string; consent: boolean }) {
  return (
    <ClassForm action={setProjectorConsentAction} submit="Save" pendingLabel="Saving…" label="Projector consent">
      <input type="hidden" name="classId" value={classId} />
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="consent" defaultChecked={consent} /> My instructor may show my diagram on the projector
      </label>
    </ClassForm>
  );
}
