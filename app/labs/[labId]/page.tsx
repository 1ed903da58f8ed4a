import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LabConsole } from "@/components/console/lab-console";
import { AppHeader } from "@/components/ui/app-header";
import { awsMode } from "@/lib/aws/clients";
import { requireUser } from "@/lib/auth/session";
import { findLab } from "@/lib/labs/catalog";
import { activityPageForUser, loadAccountForUser } from "@/lib/labs/console-data";
import { touchLabRun } from "@/lib/labs/runs";
import { idleTeardownMinutes } from "@/lib/labs/idle-teardown";
import { initialLayoutFor } from "@/lib/topology/initial-layout";

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
  const [{ snapshot, owned }, activity] = await Promise.all([loadAccountForUser(user.id), activityPageForUser(user.id)]);
  const initialLayout = await initialLayoutFor(snapshot, labId);
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
      />
    </>
  );
}
