import type { Metadata } from "next";
import { JoinClassForm } from "@/components/classroom/class-forms";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Join a class" };

/** The join link an instructor hands out: sign in (or sign up) first, then confirm with the code filled in. */
export default async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const code = ((await searchParams).code ?? "").slice(0, 20);
  const user = await requireUser(`/classes/join${code ? `?code=${encodeURIComponent(code)}` : ""}`);
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-md px-4 py-8 sm:px-6">
        <h1 className="text-2xl font-semibold text-slate-900">Join a class</h1>
        <p className="mt-1 mb-6 text-base text-slate-700">Your instructor will see your progress in the class&apos;s labs.</p>
        <JoinClassForm code={code} />
      </main>
    </>
  );
}
