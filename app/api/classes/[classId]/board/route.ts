import { withUser } from "@/lib/action-pipeline/with-user";
import { ForbiddenError } from "@/lib/auth/session";
import { boardEventStream } from "@/lib/classroom/board-stream";
import { requireClassInstructor } from "@/lib/classroom/classes";
import { sseResponse } from "@/lib/streams/sse";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ classId: string }> };

/** The live class board (server-sent events), for the class's instructors only. */
export const GET = withUser(async (request: Request, user, { params }: Params): Promise<Response> => {
  let klass;
  try {
    klass = await requireClassInstructor(user.id, (await params).classId);
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
  return sseResponse(boardEventStream(user.id, klass, request.signal));
});
