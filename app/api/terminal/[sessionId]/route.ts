import { z } from "zod";
import { withUser } from "@/lib/action-pipeline/with-user";
import type { User } from "@/lib/auth/users";
import { sandboxExtras, type TerminalSession } from "@/lib/aws/sandbox";
import { sameOriginOnly } from "@/lib/security/same-origin";
import { terminalStreamSlots } from "@/lib/streams/stream-slots";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ sessionId: string }> };

/** The user's own open session, or the response that says why there is none. */
async function sessionOf(user: User, params: Params["params"]): Promise<TerminalSession | Response> {
  const sandbox = sandboxExtras();
  if (!sandbox) return Response.json({ error: "Terminals run only on the sandbox." }, { status: 404 });
  const { sessionId } = await params;
  const accountId = await sandbox.accountId(user.id);
  return sandbox.findTerminal(sessionId, accountId) ?? Response.json({ error: "This terminal session has ended. Connect again." }, { status: 404 });
}

/** The terminal's output as server-sent events, from the chunk after `?after=` (so a reconnect resumes). */
export const GET = withUser(async (request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  // EventSource reconnects with the last id it saw; a first connection may name a starting point.
  const after = Number(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? 0) || 0;
  const encoder = new TextEncoder();
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: { seq?: number; exitCode?: number; message?: string }) => {
        const id = data.seq === undefined ? "" : `id: ${data.seq}\n`;
        controller.enqueue(encoder.encode(`${id}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const backlog = session.outputSince(after);
      for (const chunk of backlog.chunks) send("output", chunk);
      if (session.closed) {
        send("closed", { exitCode: session.exitStatus });
        controller.close();
        return;
      }
      let ended = false;
      let unsubscribe = () => {};
      let releaseSlot = () => {};
      end = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        releaseSlot();
        controller.close();
      };
      // One output stream per session: a second tab takes it over, and the first is told not to reconnect.
      releaseSlot = terminalStreamSlots().admit(session.id, () => {
        send("replaced", { message: "This terminal continues in another tab." });
        end();
      });
      unsubscribe = session.subscribe((event) => {
        if (event.kind === "output" && event.chunk) send("output", event.chunk);
        if (event.kind === "closed") {
          send("closed", { exitCode: event.exitCode });
          end();
        }
      });
      request.signal.addEventListener("abort", () => end());
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" },
  });
});

const typed = z.object({ data: z.string().max(4096, "Send at most 4096 characters at a time.") });

/** Keys typed in the browser terminal. */
export const POST = sameOriginOnly(withUser(async (request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  const parsed = typed.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "Send { data: string }." }, { status: 400 });
  session.input(parsed.data.data);
  return new Response(null, { status: 204 });
}));

/** Closing the terminal hangs the session up, as closing the AWS console's tab does. */
export const DELETE = sameOriginOnly(withUser(async (_request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  session.close();
  return new Response(null, { status: 204 });
}));
