import { withUser } from "@/lib/action-pipeline/with-user";
import { ForbiddenError } from "@/lib/auth/session";
import { loadBoard } from "@/lib/classroom/board";
import { requireClassInstructor } from "@/lib/classroom/classes";
import { boardCsv, csvFileName } from "@/lib/classroom/csv";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ classId: string }> };

/** The class's progress as a CSV download, for its instructors only. */
export const GET = withUser(async (_request: Request, user, { params }: Params): Promise<Response> => {
  try {
    const klass = await requireClassInstructor(user.id, (await params).classId);
    const board = await loadBoard(klass);
    return new Response(boardCsv(board), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${csvFileName(klass.name, board.at)}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
});
