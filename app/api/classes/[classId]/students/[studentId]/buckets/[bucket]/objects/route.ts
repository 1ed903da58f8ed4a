import { withUser } from "@/lib/action-pipeline/with-user";
import { bucketName } from "@/lib/console/bucket-name";
import { ForbiddenError } from "@/lib/auth/session";
import { listStudentBucketObjects } from "@/lib/classroom/shoulder";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ classId: string; studentId: string; bucket: string }> };

/** A bucket's objects in a student's account, for their class's instructors (GET only: reads, never touches the lab run). */
export const GET = withUser(async (_request: Request, user, { params }: Params): Promise<Response> => {
  const { classId, studentId, bucket } = await params;
  const name = bucketName.safeParse(bucket);
  if (!name.success) return Response.json({ ok: false, error: { code: "InvalidBucketName", message: "The specified bucket is not valid." } }, { status: 400 });
  try {
    const listing = await listStudentBucketObjects(user.id, classId, studentId, name.data);
    return Response.json(listing, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
});
