import type { Metadata } from "next";
import Link from "next/link";
import { CreateClassForm, JoinClassForm } from "@/components/classroom/class-forms";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";
import { classesJoinedBy, classesTaughtBy, type ClassRow } from "@/lib/classroom/classes";

export const metadata: Metadata = { title: "Classes" };

function ClassList({ classes, empty }: { classes: ClassRow[]; empty: string }) {
  if (!classes.length) return <p className="text-base text-slate-700">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
      {classes.map((klass) => (
        <li key={klass.id} className="flex items-center gap-3 px-4 py-3">
          <Link href={`/classes/${klass.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {klass.name}
          </Link>
          {klass.endedAt ? <span className="text-sm text-slate-600">ended</span> : null}
        </li>
      ))}
    </ul>
  );
}

export default async function ClassesPage() {
  const user = await requireUser("/classes");
  const instructor = user.role === "instructor";
  const classes = instructor ? await classesTaughtBy(user.id) : (await classesJoinedBy(user.id)).map((membership) => membership.klass);
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto grid max-w-6xl gap-8 px-4 py-8 sm:px-6 lg:grid-cols-2">
        <section aria-labelledby="classes-heading" className="space-y-4">
          <h1 id="classes-heading" className="text-2xl font-semibold text-slate-900">
            {instructor ? "Classes you run" : "Your classes"}
          </h1>
          <ClassList classes={classes} empty={instructor ? "No classes yet. Create one and give your students its join code." : "You have not joined a class."} />
        </section>
        <section aria-labelledby="new-class-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="new-class-heading" className="text-lg font-semibold text-slate-900">
            {instructor ? "Create a class" : "Join a class"}
          </h2>
          {instructor ? <CreateClassForm /> : <JoinClassForm />}
        </section>
      </main>
    </>
  );
}
