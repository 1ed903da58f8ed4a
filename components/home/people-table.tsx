"use client";

import { useActionState } from "react";
import { setUserRoleAction, type SetRoleState } from "@/lib/actions/set-user-role";
import { withRequestBoundary } from "@/components/ui/request-boundary";

interface Person {
  id: string;
  name: string;
  email: string;
  role: "instructor" | "student";
  createdAt: string;
}

function PeopleTableFields({ people, myId }: { people: Person[]; myId: string }) {
  const [state, action, pending] = useActionState<SetRoleState, FormData>(setUserRoleAction, {});
  return (
    <div className="space-y-3">
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        ) : state.done ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{state.done}</p>
        ) : null}
      </div>
      <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-left text-sm shadow-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">Name</th>
            <th scope="col" className="px-4 py-3 font-medium">Email</th>
            <th scope="col" className="px-4 py-3 font-medium">Role</th>
            <th scope="col" className="px-4 py-3 font-medium">Joined</th>
            <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {people.map((person) => (
            <tr key={person.id}>
              <td className="px-4 py-3 font-medium text-slate-900">{person.name}</td>
              <td className="px-4 py-3 text-slate-700">{person.email}</td>
              <td className="px-4 py-3 capitalize text-slate-700">{person.role}</td>
              <td className="px-4 py-3 text-slate-600">{person.createdAt}</td>
              <td className="px-4 py-3 text-right">
                {person.id === myId ? (
                  <span className="text-slate-500">You</span>
                ) : (
                  <form action={action}>
                    <input type="hidden" name="userId" value={person.id} />
                    <input type="hidden" name="role" value={person.role === "student" ? "instructor" : "student"} />
                    <button
                      type="submit"
                      disabled={pending}
                      aria-label={person.role === "student" ? `Make ${person.name} an instructor` : `Make ${person.name} a student`}
                      className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:text-slate-400"
                    >
                      {person.role === "student" ? "Make instructor" : "Make student"}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Refused by the server before the action ran, the form answers in place. */
export const PeopleTable = withRequestBoundary(PeopleTableFields);
