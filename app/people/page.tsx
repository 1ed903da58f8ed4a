import type { Metadata } from "next";
import { PeopleTable } from "@/components/home/people-table";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const user = await requireUser("/people");
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <h1 className="text-2xl font-semibold text-slate-900">People</h1>
        {user.role === "instructor" ? (
          <>
            <p className="mt-1 text-base text-slate-700">Everyone with an account. Instructors can promote a student to instructor.</p>
            <div className="mt-6">
              <PeopleTable
                myId={user.id}
                people={(await listUsers()).map((person) => ({
                  id: person.id,
                  name: person.name,
                  email: person.email,
                  role: person.role,
                  createdAt: person.createdAt.toISOString().slice(0, 10),
                }))}
              />
            </div>
          </>
        ) : (
          <p role="alert" className="mt-4 text-base text-slate-700">
            Only instructors can see the class list.
          </p>
        )}
      </main>
    </>
  );
}
