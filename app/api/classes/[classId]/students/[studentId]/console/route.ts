import { withUser } from "@/lib/action-pipeline/with-user";
import { ForbiddenError } from "@/lib/auth/session";
import { loadShoulderData } from "@/lib/classroom/shoulder";
import { fastSuperjsonStringify } from "@/lib/api/fast-superjson";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ classId: string; studentId: string }> };

/** A student's console as their class's instructors may read it (GET only: nothing here changes it). */
export const GET = withUser(async (_request: Request, user, { params }: Params): Promise<Response> => {
  const { classId, studentId } = await params;
  try {
    const data = await loadShoulderData(user.id, classId, studentId);
    return new Response(fastSuperjsonStringify(data), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
});
