import { AsyncLocalStorage } from "node:async_hooks";
import { withUser } from "@/lib/action-pipeline/with-user";
import { onBusReconnect } from "@/lib/db/events";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { fastSuperjsonStringify } from "@/lib/api/fast-superjson";
import { loadConsoleData } from "@/lib/console/load-console";
import { isTabId, StreamedReads, streamedReadsRegistry } from "@/lib/console/streamed-reads";
import { isLabId, type LabId } from "@/lib/labs/lab-id";
import { sseResponse, sseStream, type SseChannel } from "@/lib/streams/sse";
import { liveStreamSlots, MAX_LIVE_STREAMS_PER_USER } from "@/lib/streams/stream-slots";

export const dynamic = "force-dynamic";

const REPLACED = `Live updates stopped in this tab: at most ${MAX_LIVE_STREAMS_PER_USER} tabs get them at once. Reload to take them back.`;

interface ReadsAsked {
  labId: LabId;
  tab: string;
  activity: boolean;
}

/** What a lab page asks its stream to read (`?lab=<lab>&tab=<id>[&activity=1]`), if anything. */
function readsAsked(url: URL): ReadsAsked | undefined {
  const labId = url.searchParams.get("lab");
  const tab = url.searchParams.get("tab");
  if (!labId || !isLabId(labId) || !isTabId(tab)) return undefined;
  return { labId, tab, activity: url.searchParams.get("activity") === "1" };
}

/**
 * The lab page's reads, sent as `read` events (lib/console/streamed-reads.ts). Each runs in this
 * request's own context (`inRequest`): the change that sets it off is announced inside whichever
 * request made it — the student's CLI call, another user's action — and a read made there would be
 * made with that request's session. Here the session is this stream's, checked again for every
 * read: signed out, or the account deleted since, the stream ends rather than read.
 */
function streamedReads(channel: SseChannel, userId: string, asked: ReadsAsked): StreamedReads {
  const inRequest = AsyncLocalStorage.snapshot();
  const reads = new StreamedReads(async () => {
    const result = await inRequest(() => loadConsoleData({ labId: asked.labId, check: true, activity: asked.activity }));
    // The session has ended: the stream goes with it (reconnecting, the page is refused 401 and reads, and is told, itself).
    if (!result.ok && result.error.code === "NotSignedIn") return channel.close();
    channel.sendJson("read", fastSuperjsonStringify(result));
  });
  channel.onClose(() => reads.close());
  channel.onClose(streamedReadsRegistry().add(userId, asked.tab, reads));
  return reads;
}

/**
 * Server-sent events: one `change` event each time the user's sandbox account changes, whoever
 * changed it (this console, another tab, the AWS CLI). Real AWS has no such stream; there the
 * console polls. A user holds at most MAX_LIVE_STREAMS_PER_USER of them; the oldest gives way.
 *
 * `ready` says "read everything again": sent first, and again when this process's link to the
 * other processes' changes was made again (their changes of the gap are lost). `alive` every 15 s
 * tells the page the stream still carries data: while it does, the page does not poll
 * (components/console/use-live-console.ts). A lab page's stream (`?lab=`) also carries the page's
 * read of the account once a burst of changes has settled: a `read` event, the ActionResult that
 * POST /api/console would have answered, in superjson's text.
 */
export const GET = withUser(async (request: Request, user): Promise<Response> => {
  const sandbox = sandboxExtras();
  if (!sandbox) return Response.json({ error: "Live changes are only streamed from the sandbox." }, { status: 404 });
  const accountId = await sandbox.accountId(user.id);
  const asked = readsAsked(new URL(request.url));

  const stream = sseStream({ signal: request.signal, retryMs: 1000, heartbeatEvent: "alive", slot: { slots: liveStreamSlots(), key: user.id, replacedMessage: REPLACED } }, (channel) => {
    const reads = asked && streamedReads(channel, user.id, asked);
    channel.send("ready", {});
    channel.onClose(onBusReconnect(() => channel.send("ready", {})));
    channel.onClose(
      sandbox.onChange((change) => {
        if (change.accountId !== accountId) return;
        channel.send("change", { service: change.service, action: change.action });
        reads?.changed();
      }),
    );
  });
  return sseResponse(stream);
});
