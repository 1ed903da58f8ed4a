import { LabCard } from "@/components/home/lab-card";
import { AppHeader } from "@/components/ui/app-header";
import { requireUser } from "@/lib/auth/session";
import { LABS } from "@/lib/labs/catalog";
import { progressByLab } from "@/lib/labs/progress";

export default async function HomePage() {
  const user = await requireUser("/");
  const progress = await progressByLab(user.id);
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <h1 className="text-2xl font-semibold text-slate-900">Welcome, {user.name}</h1>
        <p className="mt-1 max-w-3xl text-base text-slate-700">
          Two labs, built piece by piece in an AWS account of your own. The diagram shows what you build as you build it, and
          when traffic does not flow, the console tells you which hop stopped it and why.
        </p>
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          {LABS.map((lab) => (
            <LabCard key={lab.id} lab={lab} progress={progress.get(lab.id)} />
          ))}
        </div>
      </main>
    </>
  );
}
