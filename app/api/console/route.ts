import superjson from "superjson";
import { loadConsoleData } from "@/lib/console/load-console";

export const dynamic = "force-dynamic";

/**
 * The console's live read of the account (see loadConsoleData). superjson keeps the SDK shapes'
 * Dates (an instance's LaunchTime) Dates; errors come back as the actions' { ok: false, error }.
 */
export async function GET(): Promise<Response> {
  const result = await loadConsoleData();
  return new Response(superjson.stringify(result), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}
