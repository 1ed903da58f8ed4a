import type { ActionResult } from "@/lib/action-pipeline/result";
import { SIGNED_OUT } from "@/lib/auth/signed-out";
import { fastSuperjsonStringify } from "./fast-superjson";

/**
 * An action's result as a route handler's answer. The console's background reads (the live checks,
 * the step list, the bucket view) are routes, not server actions: Next runs a page's server actions
 * one at a time, so a background action would hold up the student's own click behind it.
 * superjson's format keeps the SDK shapes' Dates Dates. Signed out, 401 as every API route answers it.
 */
export function actionResponse<T>(result: ActionResult<T>): Response {
  if (!result.ok && result.error.code === "NotSignedIn") return Response.json(SIGNED_OUT, { status: 401 });
  return new Response(fastSuperjsonStringify(result), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/**
 * The most a console route's JSON body may hold: a few ids or a terminal's keystrokes. Without a cap
 * a signed-in student could post hundreds of megabytes for the server to hold and parse (a 200 MB
 * body took 1.2 s of the server's one thread and 200 MB of memory).
 */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

/** The body as text, read only up to `limit` bytes: a larger one is refused before it is all read. */
async function boundedText(request: Request, limit: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new BodyTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Answers with `answer` given the request's JSON body: undefined when there is none or it is not JSON (the input
 * check then says what is missing); over MAX_JSON_BODY_BYTES, 413 and `answer` does not run.
 */
export async function withJsonBody(request: Request, answer: (body: unknown) => Promise<Response>): Promise<Response> {
  let text: string;
  try {
    text = await boundedText(request, MAX_JSON_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return Response.json({ error: `The request body is over ${MAX_JSON_BODY_BYTES / 1024} KB.` }, { status: 413 });
  }
  return answer(parsedJson(text));
}

/** A JSON body's fields ({} for anything but an object), for an action's input check. */
export function bodyFields(body: unknown): Record<string, unknown> {
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
