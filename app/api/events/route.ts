import { withUser } from "@/lib/action-pipeline/with-user";
import { onBusReconnect } from "@/lib/db/events";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { sseResponse, sseStream } from "@/lib/streams/sse";
import { liveStreamSlots, MAX_LIVE_STREAMS_PER_USER } from "@/lib/streams/stream-slots";

export const dynamic = "force-dynamic";

const REPLACED = `Live updates stopped in this tab: at most ${MAX_LIVE_STREAMS_PER_USER} tabs get them at once. Reload to take them back.`;

/**
 * Server-sent events: one `change` event each time the user's sandbox account changes, whoever
 * changed it (this console, another tab, the AWS CLI). Real AWS has no such stream; there the
 * console polls. A user holds at most MAX_LIVE_STREAMS_PER_USER of them; the oldest gives way.
 *
 * `ready` says "read everything again": sent first, and again when this process's link to the
 * other processes' changes was made again (their changes of the gap are lost). `alive` every 15 s
 * tells the page the stream still carries data: while it does, the page does not poll
 * (components/console/use-live-console.ts).
 */
export const GET = withUser(async (request: Request, user): Promise<Response> => {
  const sandbox = sandboxExtras();
  if (!sandbox) return Response.json({ error: "Live changes are only streamed from the sandbox." }, { status: 404 });
  const accountId = await sandbox.accountId(user.id);

  const stream = sseStream({ signal: request.signal, retryMs: 1000, heartbeatEvent: "alive", slot: { slots: liveStreamSlots(), key: user.id, replacedMessage: REPLACED } }, (channel) => {
    channel.send("ready", {});
    channel.onClose(onBusReconnect(() => channel.send("ready", {})));
    channel.onClose(
      sandbox.onChange((change) => {
        if (change.accountId === accountId) channel.send("change", { service: change.service, action: change.action });
      }),
    );
  });
  return sseResponse(stream);
});
