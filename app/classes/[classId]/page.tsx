import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClassBoardSection } from "@/components/classroom/class-board-section";
import { ProjectorConsentForm } from "@/components/classroom/class-forms";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { classesJoinedBy, classesTaughtBy } from "@/lib/classroom/classes";
import { findLab } from "@/lib/labs/catalog";

export const metadata: Metadata = { title: "Class" };

type Params = { params: Promise<{ classId: string }> };

async function StudentView({ user, classId }: { user: User; classId: string }) {
  const membership = (await classesJoinedBy(user.id)).find(({ klass }) => klass.id === classId);
  if (!membership) notFound();
  const { klass, projectorConsent } = membership;
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8 sm:px-6">
      <h1 className="text-2xl font-semibold text-slate-900">{klass.name}</h1>
      <section aria-labelledby="labs-heading" className="space-y-2">
        <h2 id="labs-heading" className="text-lg font-semibold text-slate-900">Labs</h2>
        <ul className="space-y-1">
          {klass.labIds.map((labId) => (
            <li key={labId}>
              <Link href={`/labs/${labId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {findLab(labId)?.title ?? labId}
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-sm text-slate-700">
          Your instructors see your progress in these labs: your step, your checks, the hints you open and your last test. They can look at your
          console but cannot change it.
        </p>
      </section>
      <section aria-labelledby="projector-heading" className="space-y-2 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="projector-heading" className="text-lg font-semibold text-slate-900">The projector</h2>
        <ProjectorConsentForm classId={klass.id} consent={projectorConsent} />
      </section>
    </main>
  );
}

export default async function ClassPage({ params }: Params) {
  const { classId } = await params;
  const user = await requireUser(`/classes/${classId}`);
  const taught = user.role === "instructor" ? (await classesTaughtBy(user.id)).find((klass) => klass.id === classId) : undefined;
  return (
    <>
      <AppHeader user={user} />
      {taught ? <ClassBoardSection klass={taught} /> : <StudentView user={user} classId={classId} />}
    </>
  );
}
