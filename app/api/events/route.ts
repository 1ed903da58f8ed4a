import { withUser } from "@/lib/action-pipeline/with-user";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { liveStreamSlots, MAX_LIVE_STREAMS_PER_USER } from "@/lib/streams/stream-slots";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
const REPLACED = `Live updates stopped in this tab: at most ${MAX_LIVE_STREAMS_PER_USER} tabs get them at once. Reload to take them back.`;

/**
 * Server-sent events: one `change` event each time the user's sandbox account changes, whoever
 * changed it (this console, another tab, the AWS CLI). Real AWS has no such stream; there the
 * console polls. A user holds at most MAX_LIVE_STREAMS_PER_USER of them; the oldest gives way.
 */
export const GET = withUser(async (request: Request, user): Promise<Response> => {
  const sandbox = sandboxExtras();
  if (!sandbox) return Response.json({ error: "Live changes are only streamed from the sandbox." }, { status: 404 });
  const accountId = await sandbox.accountId(user.id);

  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      send(`retry: 1000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = sandbox.onChange((change) => {
        if (change.accountId !== accountId) return;
        send(`event: change\ndata: ${JSON.stringify({ service: change.service, action: change.action })}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      let stopped = false;
      let releaseSlot = () => {};
      stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        unsubscribe();
        releaseSlot();
      };
      // The user's oldest stream gives way to this one; its tab is told not to reconnect.
      releaseSlot = liveStreamSlots().admit(user.id, () => {
        send(`event: replaced\ndata: ${JSON.stringify({ message: REPLACED })}\n\n`);
        stop();
        controller.close();
      });
      request.signal.addEventListener("abort", () => {
        if (stopped) return;
        stop();
        controller.close();
      });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
