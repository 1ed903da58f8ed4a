import type { Metadata } from "next";
import { ShoulderView } from "@/components/classroom/shoulder-view";
import { AppHeader } from "@/components/ui/app-header";
import { ForbiddenError, requireUser } from "@/lib/auth/session";
import { loadForProjector, loadShoulderData, type ShoulderData } from "@/lib/classroom/shoulder";
import { awsMode } from "@/lib/aws/clients";

export const metadata: Metadata = { title: "Student's console (read-only)" };

type Params = { params: Promise<{ classId: string; studentId: string }>; searchParams: Promise<{ projector?: string }> };

export default async function ShoulderPage({ params, searchParams }: Params) {
  const { classId, studentId } = await params;
  const projector = (await searchParams).projector === "1";
  const user = await requireUser(`/classes/${classId}/students/${studentId}`);
  let data: ShoulderData;
  try {
    data = await (projector ? loadForProjector : loadShoulderData)(user.id, classId, studentId);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    return (
      <>
        <AppHeader user={user} />
        <main className="mx-auto max-w-3xl px-4 py-8">
          <p role="alert" className="text-base text-slate-800">
            {error.message}
          </p>
        </main>
      </>
    );
  }
  return (
    <>
      <AppHeader user={user} />
      <ShoulderView initial={data} projector={projector} mode={awsMode()} />
    </>
  );
}
