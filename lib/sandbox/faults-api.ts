/**
 * The sandbox's admin API for tests that drive a separate server (Playwright): read and change the
 * injected faults and the pending-state delays of the running process.
 *
 *   GET    /aws/_sandbox/faults   -> { faults: SandboxFaults, delays: DelaySettings }
 *   PUT    /aws/_sandbox/faults   { faults?: Partial<SandboxFaults>, delays?: Partial<DelaySettings> } -> the same
 *   DELETE /aws/_sandbox/faults   back to what the environment configures -> the same
 *
 * The settings apply to every account of the process, so the API exists only where
 * VPCLAB_SANDBOX_ADMIN=1 (or under NODE_ENV=test). Anywhere else the path is nothing special: the
 * request goes on to the sandbox like any other and gets the answer any unknown path gets.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { resetSandboxFaults, sandboxFaults, setSandboxFaults } from "./core/faults";
import { resetSandboxDelays, sandboxDelays, setSandboxDelays } from "./core/settings";

export const FAULTS_API_PATH = "/aws/_sandbox/faults";

const MAX_BODY_BYTES = 64 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the admin API is served: only when asked for, never by default in a deployment. */
export function sandboxAdminEnabled(env: Env = process.env): boolean {
  return env.VPCLAB_SANDBOX_ADMIN === "1" || env.NODE_ENV === "test";
}

/** Whether this request is for the admin API (and the API is on). */
export function isFaultsApiRequest(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  const path = url.split("?", 1)[0];
  return path === FAULTS_API_PATH && sandboxAdminEnabled();
}

const milliseconds = z.number().int().min(0);

const changeSchema = z.strictObject({
  faults: z
    .strictObject({
      latencyMs: milliseconds,
      throttleRate: z.number().min(0).max(1),
      consistencyWindowMs: milliseconds,
      /** null: unseeded draws. */
      seed: z.number().int().nullable(),
    })
    .partial()
    .optional(),
  delays: z
    .strictObject({
      instancePendingMs: milliseconds,
      instanceStoppingMs: milliseconds,
      instanceShuttingDownMs: milliseconds,
      terminatedVisibleMs: milliseconds,
      peeringProvisioningMs: milliseconds,
      endpointPendingMs: milliseconds,
    })
    .partial()
    .optional(),
});

function currentSettings() {
  return { faults: sandboxFaults(), delays: sandboxDelays() };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Error("the body is not JSON");
  }
}

async function applyChange(req: IncomingMessage): Promise<void> {
  const parsed = changeSchema.safeParse(await readJson(req));
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  const { faults, delays } = parsed.data;
  if (faults) {
    const { seed, ...rest } = faults;
    setSandboxFaults(seed === undefined ? rest : { ...rest, seed: seed ?? undefined });
  }
  if (delays) setSandboxDelays(delays);
}

/** Serves one admin API request. Never throws. */
export async function serveFaultsApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method === "GET") return sendJson(res, 200, currentSettings());
    if (req.method === "DELETE") {
      resetSandboxFaults();
      resetSandboxDelays();
      return sendJson(res, 200, currentSettings());
    }
    if (req.method !== "PUT") return sendJson(res, 405, { message: `${req.method} is not allowed here` }, { Allow: "GET, PUT, DELETE" });
    try {
      await applyChange(req);
    } catch (error) {
      return sendJson(res, 400, { message: (error as Error).message });
    }
    sendJson(res, 200, currentSettings());
  } catch (error) {
    console.error("sandbox: the faults API failed", error);
    if (!res.headersSent) sendJson(res, 500, { message: "the faults API failed" });
  }
}
