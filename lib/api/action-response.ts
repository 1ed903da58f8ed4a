import superjson from "superjson";
import type { ActionResult } from "@/lib/action-pipeline/result";

/**
 * An action's result as a route handler's answer. The console's background reads (the live checks,
 * the step list, the bucket view) are routes, not server actions: Next runs a page's server actions
 * one at a time, so a background action would hold up the student's own click behind it.
 * superjson keeps the SDK shapes' Dates Dates.
 */
export function actionResponse<T>(result: ActionResult<T>): Response {
  return new Response(superjson.stringify(result), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** A JSON request body, or undefined when there is none or it is not JSON (the action's input check then says what is missing). */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => undefined);
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
