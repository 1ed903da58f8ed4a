import { loadBoard } from "@/lib/classroom/board";
import { type ClassRow, instructorsOf } from "@/lib/classroom/classes";
import { FAULTS } from "@/lib/labs/break-it/catalog";
import { findLab } from "@/lib/labs/catalog";
import { ClassBoard } from "./class-break-it";
import { AddInstructorForm, ClassSettingsForm } from "./class-forms";
import { JoinLink } from "./join-link";

/** An instructor's page of a class: the join code and link, the live board, the settings and the instructors. */
export async function ClassBoardSection({ klass }: { klass: ClassRow }) {
  const [board, instructors] = await Promise.all([loadBoard(klass), instructorsOf(klass.id)]);
  return (
    <main className="mx-auto max-w-[100rem] space-y-6 px-4 py-4 sm:px-6">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <h1 className="text-2xl font-semibold text-slate-900">{klass.name}</h1>
        <p className="text-base text-slate-800">
          Join code <strong className="font-mono text-2xl tracking-widest" data-testid="join-code">{klass.joinCode}</strong>
        </p>
        <JoinLink code={klass.joinCode} />
        <p className="text-sm text-slate-700">
          {klass.labIds.map((id) => findLab(id)?.title ?? id).join(", ")} · hints {klass.hintsEnabled ? "on" : "off"}
          {klass.endsAt ? ` · ${klass.endedAt ? "ended" : "ends"} ${klass.endsAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}
        </p>
      </header>
      <ClassBoard
        initial={board}
        labs={klass.labIds.map((id) => ({ id, title: findLab(id)?.title ?? id }))}
        faults={FAULTS.filter((fault) => klass.labIds.includes(fault.labId)).map(({ id, labId, title }) => ({ id, labId, title }))}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="settings-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="settings-heading" className="text-lg font-semibold text-slate-900">Settings</h2>
          <ClassSettingsForm
            classId={klass.id}
            values={{
              labIds: klass.labIds,
              hintsEnabled: klass.hintsEnabled,
              stuckMinutes: klass.stuckMinutes,
              stuckFailedChecks: klass.stuckFailedChecks,
              endsAt: klass.endsAt ? klass.endsAt.toISOString().slice(0, 16) : "",
            }}
          />
        </section>
        <section aria-labelledby="instructors-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="instructors-heading" className="text-lg font-semibold text-slate-900">Instructors</h2>
          <ul className="text-sm text-slate-800">
            {instructors.map((person) => (
              <li key={person.id}>
                {person.name} <span className="text-slate-600">{person.email}</span>
              </li>
            ))}
          </ul>
          <AddInstructorForm classId={klass.id} />
        </section>
      </div>
    </main>
  );
}
