import { listBucketObjectsAction } from "@/lib/actions/list-bucket-objects";
import { actionResponse } from "@/lib/api/action-response";

export const dynamic = "force-dynamic";

/** The bucket's objects as the console's credentials see them (the bucket view's refresh). */
export async function GET(_request: Request, { params }: { params: Promise<{ bucket: string }> }): Promise<Response> {
  const { bucket } = await params;
  return actionResponse(await listBucketObjectsAction({ bucket }));
}
