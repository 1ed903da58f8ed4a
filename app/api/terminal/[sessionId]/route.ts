import { z } from "zod";
import { withUser } from "@/lib/action-pipeline/with-user";
import type { User } from "@/lib/auth/users";
import { sandboxExtras, type TerminalEndpoint } from "@/lib/aws/sandbox";
import { sameOriginOnly } from "@/lib/security/same-origin";
import { sseResponse, sseStream } from "@/lib/streams/sse";
import { terminalStreamSlots } from "@/lib/streams/stream-slots";
import { withJsonBody } from "@/lib/api/action-response";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ sessionId: string }> };

/** The user's own open session, or the response that says why there is none. */
async function sessionOf(user: User, params: Params["params"]): Promise<TerminalEndpoint | Response> {
  const sandbox = sandboxExtras();
  if (!sandbox) return Response.json({ error: "Terminals run only on the sandbox." }, { status: 404 });
  const { sessionId } = await params;
  const accountId = await sandbox.accountId(user.id);
  return (await sandbox.findTerminal(sessionId, accountId)) ?? Response.json({ error: "This terminal session has ended. Connect again." }, { status: 404 });
}

/** The terminal's output as server-sent events, from the chunk after `?after=` (so a reconnect resumes). */
export const GET = withUser(async (request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  // EventSource reconnects with the last id it saw; a first connection may name a starting point.
  const after = Number(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? 0) || 0;
  const slot = { slots: terminalStreamSlots(), key: session.id, replacedMessage: "This terminal continues in another tab." };
  const stream = sseStream({ signal: request.signal, slot }, (channel) => {
    channel.onClose(
      session.follow(after, (event) => {
        if (event.kind === "output" && event.chunk) channel.send("output", event.chunk, event.chunk.seq);
        if (event.kind === "closed") {
          channel.send("closed", { exitCode: event.exitCode, lost: event.lost });
          channel.close();
        }
      }),
    );
  });
  return sseResponse(stream);
});

const typed = z.object({ data: z.string().max(4096, "Send at most 4096 characters at a time.") });

/** Keys typed in the browser terminal. */
export const POST = sameOriginOnly(withUser(async (request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  return withJsonBody(request, async (body) => {
    const parsed = typed.safeParse(body);
    if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "Send { data: string }." }, { status: 400 });
    await session.input(parsed.data.data);
    return new Response(null, { status: 204 });
  });
}));

/** Closing the terminal hangs the session up, as closing the AWS console's tab does. */
export const DELETE = sameOriginOnly(withUser(async (_request: Request, user, { params }: Params): Promise<Response> => {
  const session = await sessionOf(user, params);
  if (session instanceof Response) return session;
  await session.close();
  return new Response(null, { status: 204 });
}));
