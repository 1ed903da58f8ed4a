import superjson from "superjson";
import type { ActionResult } from "@/lib/action-pipeline/result";

/**
 * Calls one of the console's routes from the browser and reads its ActionResult (lib/api/action-response.ts);
 * a lost connection or a failed request becomes an error result, as a failed action would.
 */
export async function fetchActionResult<T>(url: string, body?: unknown): Promise<ActionResult<T>> {
  const init: RequestInit = body === undefined ? { cache: "no-store" } : { method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  try {
    const response = await fetch(url, init);
    if (response.status === 401) return { ok: false, error: { code: "NotSignedIn", message: "Your session has ended. Sign in again." } };
    if (!response.ok) return { ok: false, error: { code: `HTTP${response.status}`, message: "The console could not reach the server; it will try again." } };
    return superjson.parse<ActionResult<T>>(await response.text());
  } catch {
    return { ok: false, error: { code: "NetworkError", message: "The console lost its connection to the server; it will try again." } };
  }
}
