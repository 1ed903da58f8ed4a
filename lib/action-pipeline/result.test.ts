import { describe, expect, it } from "vitest";
import { type ActionResult, answered } from "./result";

describe("answered: a server action's result as the browser takes it", () => {
  it("passes the action's own answer through, failures included", async () => {
    const ok: ActionResult<number> = { ok: true, data: 1, message: "Done." };
    const refused: ActionResult<number> = { ok: false, error: { code: "AccessDenied", message: "no" } };
    expect(await answered(async () => ok)).toEqual(ok);
    expect(await answered(async () => refused)).toEqual(refused);
  });

  it("turns a request that got no answer into RequestNotAnswered instead of a thrown error", async () => {
    // What React's action call throws when the server refuses the body before the action runs.
    const rejected = await answered<number>(() => Promise.reject(new Error("An unexpected response was received from the server.")));
    expect(rejected).toEqual({ ok: false, error: { code: "RequestNotAnswered", message: expect.stringContaining("Refresh to see whether it was done") } });
    const thrown = await answered<number>(() => {
      throw new TypeError("Failed to fetch");
    });
    expect(thrown.ok).toBe(false);
  });
});
