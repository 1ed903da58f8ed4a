/**
 * The size of what Next may be sent. Nothing Next serves takes more than a small body: server
 * actions stop at 1 MB (Next's default bodySizeLimit; the console's upload takes 900 KB), the
 * console's routes at 64 KB (lib/api/action-response.ts). Auth.js's sign-in callback and page
 * posts, though, read whatever they are sent before answering: 100 MB posted without signing in
 * took 2.4 s and 80 MB of memory. So the server refuses a larger body before Next sees it, and a
 * body of unknown length (chunked), which Next would read to the end. The sandbox (`/aws`) has its
 * own limits (lib/sandbox/http.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_APP_BODY_BYTES = 2 * 1024 * 1024;

/** How long the rest of a refused body is read and dropped before the connection closes (as the sandbox does: RFC 9112 9.6). */
const LINGER_MS = 1000;

function refusalOf(req: IncomingMessage): { status: number; error: string } | undefined {
  const length = req.headers["content-length"];
  if (length === undefined) return req.headers["transfer-encoding"] ? { status: 411, error: "Send the body with a Content-Length." } : undefined;
  return Number(length) > MAX_APP_BODY_BYTES ? { status: 413, error: `The request body is over ${MAX_APP_BODY_BYTES / 1024 / 1024} MB.` } : undefined;
}

/** Answers a request whose body Next must not read (true), or leaves it to Next (false). */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = refusalOf(req);
  if (!refusal) return false;
  res.writeHead(refusal.status, { "Content-Type": "application/json", Connection: "close" });
  res.end(JSON.stringify({ error: refusal.error }));
  // What the client still sends is read and dropped, never kept, then the connection is closed.
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  req.resume();
  return true;
}
