/**
 * The console's clients are kept per user and lab run while they are used, and let go once idle: a
 * server that has served a class holds no set of clients per student after the class.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createTestUser } from "@/lib/sandbox/testing";
import { openFreshTestDatabase } from "@/lib/db/testing";
import { CLIENTS_IDLE_MS, clientsForUser } from "./clients";

let database: Awaited<ReturnType<typeof openFreshTestDatabase>>;

beforeAll(async () => {
  database = await openFreshTestDatabase("pglite");
});
afterAll(async () => {
  vi.useRealTimers();
  await database.dispose();
});

it("keeps a user's clients while they are used, and builds new ones after CLIENTS_IDLE_MS unused", async () => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
  const [active, idle] = [await createTestUser(), await createTestUser()];
  const activeClients = await clientsForUser(active);
  const idleClients = await clientsForUser(idle);
  for (let step = 0; step < 4; step++) {
    vi.advanceTimersByTime(CLIENTS_IDLE_MS / 2);
    expect(await clientsForUser(active)).toBe(activeClients);
  }
  expect(await clientsForUser(idle)).not.toBe(idleClients);
  expect(await clientsForUser(active, { labId: "vpc-peering", runId: "r1" })).not.toBe(activeClients);
});
