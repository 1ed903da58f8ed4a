import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LabConsole } from "@/components/console/lab-console";
import { AppHeader } from "@/components/ui/app-header";
import { awsMode } from "@/lib/aws/clients";
import { NoActiveLabUserKeyError } from "@/lib/aws/sandbox";
import { requireUser } from "@/lib/auth/session";
import { findLab } from "@/lib/labs/catalog";
import { activityPageForUser, loadAccountForUser } from "@/lib/labs/console-data";
import { touchLabRun } from "@/lib/labs/runs";
import { idleTeardownMinutes } from "@/lib/labs/idle-teardown";
import { nonceOf } from "@/lib/security/headers";
import { initialLayoutFor } from "@/lib/topology/initial-layout";
import { parseViewAspect, VIEW_ASPECT_COOKIE } from "@/lib/topology/view-shape";

type Params = { params: Promise<{ labId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: findLab((await params).labId)?.title ?? "Lab" };
}

export default async function LabPage({ params }: Params) {
  const { labId } = await params;
  const user = await requireUser(`/labs/${labId}`);
  const lab = findLab(labId);
  if (!lab) notFound();
  // Opening a lab is working in it: its run is the one the console's changes are tagged with.
  const run = await touchLabRun(user.id, lab.id);
  let loaded: [Awaited<ReturnType<typeof loadAccountForUser>>, Awaited<ReturnType<typeof activityPageForUser>>];
  try {
    loaded = await Promise.all([loadAccountForUser(user.id), activityPageForUser(user.id)]);
  } catch (error) {
    if (error instanceof NoActiveLabUserKeyError) return <NoKeyToSignWith user={user} message={error.message} />;
    throw error;
  }
  const [{ snapshot, owned }, activity] = loaded;
  const initialLayout = await initialLayoutFor(snapshot, labId, parseViewAspect((await cookies()).get(VIEW_ASPECT_COOKIE)?.value));
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    <>
      <AppHeader user={user} />
      <LabConsole
        lab={lab}
        mode={awsMode()}
        initial={{ snapshot, owned, activity, loadedAt: new Date().toISOString() }}
        lastTeardown={run.lastTeardown}
        idleMinutes={idleTeardownMinutes()}
        initialLayout={initialLayout}
        nonce={nonce}
      />
    </>
  );
}

/** Both of lab-user's keys are inactive: the console says so and where to fix it, rather than make a third key. */
function NoKeyToSignWith({ user, message }: { user: Parameters<typeof AppHeader>[0]["user"]; message: string }) {
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-2xl px-4 py-8">
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {message}
        </p>
        <Link href="/access-keys" className="mt-3 inline-block text-sm text-brand-700 underline">
          Open Access keys
        </Link>
      </main>
    </>
  );
}
