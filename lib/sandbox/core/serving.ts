/**
 * Whether this process has served a sandbox request. Only a process that serves the sandbox can
 * have issued the keys a client signs with; any other (a script driving a server over HTTP, such
 * as `npm run load`) must not open an embedded database of its own to find that out.
 */
import { processSingleton } from "@/lib/process-singleton";

const serving = processSingleton("sandbox-serving", () => ({ served: false }));

export function noteSandboxRequestServed(): void {
  serving.served = true;
}

export function hasServedSandboxRequests(): boolean {
  return serving.served;
}
