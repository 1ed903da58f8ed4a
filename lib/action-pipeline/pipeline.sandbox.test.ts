/**
 * The action pipeline as the browser meets it: a session that has ended, input that does not
 * parse, another tenant's resource, a refusal of the action's own; and what an action that only
 * writes the console's database leaves alone (no AWS clients, the idle teardown's clock).
 * The console runs in real AWS mode here (ownership by tags), its AWS being a test sandbox.
 */
import { CreateVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { labRuns } from "@/lib/db/schema";
import { notOwnedMessage } from "@/lib/aws/ownership";
import { findLabRun, touchLabRun } from "@/lib/labs/runs";
import { sandboxClients } from "@/lib/labs/testing";
import { createTestUser, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";

const test = vi.hoisted(() => ({ userId: "", clientsBuilt: 0, server: undefined as unknown, account: undefined as unknown }));

// The signed-in user (none when userId is empty), without next-auth's request scope.
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/session")>();
  const { findUserById } = await import("@/lib/auth/users");
  const currentUser = async () => (test.userId ? ((await findUserById(test.userId)) ?? null) : null);
  const requireUserOrThrow = async () => {
    const user = await currentUser();
    if (!user) throw new actual.NotSignedInError();
    return user;
  };
  return { ...actual, currentUser, requireUserOrThrow };
});

// The console's clients in real AWS mode for the signed-in user, against the test sandbox; counted.
vi.mock("@/lib/aws/clients", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/aws/clients")>();
  const clientsForUser = async (userId: string, run: { labId?: string; runId?: string } = {}) => {
    test.clientsBuilt++;
    const { credentials } = test.account as TestAccount;
    return actual.buildClients("real", { region: "us-east-1", endpoint: (test.server as SandboxServer).endpoint, credentials }, { userId, ...run });
  };
  return { ...actual, clientsForUser };
});

const { createVpcAction } = await import("@/lib/actions/create-vpc");
const { deleteVpcAction } = await import("@/lib/actions/delete-vpc");
const { saveStepNoteAction } = await import("@/lib/actions/save-step-note");
const { recordHintAction } = await import("@/lib/actions/record-hint");
const { checkChallengeAction } = await import("@/lib/actions/check-challenge");
const { joinClassAction } = await import("@/lib/actions/classes");
const { withUser } = await import("./with-user");

const SIGNED_OUT = { ok: false, error: { code: "NotSignedIn", message: "Your session has ended. Sign in again." } };
const LONG_AGO = new Date("2026-01-01T00:00:00Z");

let server: SandboxServer;
let account: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  Object.assign(test, { server, account });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  test.userId = account.userId;
  test.clientsBuilt = 0;
});

async function vpcCount(): Promise<number> {
  const { Vpcs } = await sandboxClients(server, account).ec2.send(new DescribeVpcsCommand({}));
  return Vpcs!.length;
}

async function idleSinceLongAgo(labId: string): Promise<void> {
  await touchLabRun(account.userId, labId);
  const db = await getDb();
  await db.update(labRuns).set({ touchedAt: LONG_AGO }).where(eq(labRuns.userId, account.userId));
}

function joinForm(code: string): FormData {
  const form = new FormData();
  form.set("code", code);
  return form;
}

const touchedAt = async (labId: string) => (await findLabRun(account.userId, labId))!.touchedAt;

describe("authAction and awsAction", () => {
  it("signed out: NotSignedIn with the session's message, from an AWS action and a database one alike, and no clients are built", async () => {
    test.userId = "";
    expect(await createVpcAction({ cidr: "10.20.0.0/16" })).toEqual(SIGNED_OUT);
    expect(await saveStepNoteAction({ labId: "vpc-peering", stepId: "vpcs", note: "mine" })).toEqual(SIGNED_OUT);
    expect(test.clientsBuilt).toBe(0);
  });

  it("bad input: ValidationError with zod's message naming the field; no clients built, nothing created", async () => {
    const before = await vpcCount();
    expect(await createVpcAction({ cidr: "10.20.0.0/33" })).toEqual({ ok: false, error: { code: "ValidationError", message: "IPv4 CIDR: Enter an IPv4 CIDR block such as 10.1.0.0/16." } });
    expect(await deleteVpcAction({ vpcId: "subnet-0123456789abcdef0" })).toEqual({ ok: false, error: { code: "ValidationError", message: "VPC: Choose a VPC." } });
    expect(test.clientsBuilt).toBe(0);
    expect(await vpcCount()).toBe(before);
  });

  it("names: AWS's 256 characters; VPC and more refuses, before it makes anything, a name its subnet's Name would take over 256", async () => {
    const before = await vpcCount();
    expect(await createVpcAction({ name: "n".repeat(257), cidr: "10.21.0.0/16" })).toEqual({ ok: false, error: { code: "ValidationError", message: "Name: Names are at most 256 characters." } });
    expect(await createVpcAction({ name: "n".repeat(242), cidr: "10.21.0.0/16", withPublicSubnet: true })).toEqual({
      ok: false,
      error: { code: "ValidationError", message: "Name: With VPC and more the subnet is named after the VPC (name-subnet-public1), so the name is at most 241 characters." },
    });
    expect(test.clientsBuilt).toBe(0);
    expect(await vpcCount()).toBe(before);

    expect((await createVpcAction({ name: "v".repeat(256), cidr: "10.22.0.0/16" })).ok).toBe(true);
    const longest = await createVpcAction({ name: "w".repeat(241), cidr: "10.23.0.0/16", withPublicSubnet: true });
    expect(longest.ok).toBe(true);
    const { Subnets } = await sandboxClients(server, account).ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [(longest as { data: { vpcId: string } }).data.vpcId] }] }));
    expect(Subnets!.map((subnet) => subnet.Tags?.find((tag) => tag.Key === "Name")?.Value)).toEqual([`${"w".repeat(241)}-subnet-public1`]);
  });

  it("ownership guard: another tenant's VPC in the shared account is refused (NotOwnedByVpcLab) and left as it was", async () => {
    const otherTenant = sandboxClients(server, { credentials: account.credentials, userId: await createTestUser() }, { mode: "real" });
    const { Vpc } = await otherTenant.ec2.send(new CreateVpcCommand({ CidrBlock: "10.30.0.0/16" }));
    const theirs = Vpc!.VpcId!;
    expect(await deleteVpcAction({ vpcId: theirs })).toEqual({ ok: false, error: { code: "NotOwnedByVpcLab", message: notOwnedMessage([theirs]) } });
    const { Vpcs } = await otherTenant.ec2.send(new DescribeVpcsCommand({ VpcIds: [theirs] }));
    expect(Vpcs).toHaveLength(1);
  });

  it("an AWS action that changes the account moves the lab's idle clock", async () => {
    await idleSinceLongAgo("vpc-peering");
    const created = await createVpcAction({ cidr: "10.40.0.0/16" });
    expect(created.ok).toBe(true);
    expect((await touchedAt("vpc-peering")).getTime()).toBeGreaterThan(LONG_AGO.getTime());
  });

  it("an action that only writes the console's database builds no AWS clients and leaves the idle clock alone", async () => {
    await idleSinceLongAgo("vpc-peering");
    expect(await saveStepNoteAction({ labId: "vpc-peering", stepId: "vpcs", note: "Two VPCs, no overlap." })).toEqual({ ok: true, data: undefined, message: "Note saved." });
    expect(await recordHintAction({ labId: "vpc-peering", stepId: "routes" })).toEqual({ ok: true, data: undefined });
    expect(test.clientsBuilt).toBe(0);
    expect(await touchedAt("vpc-peering")).toEqual(LONG_AGO);
  });

  it("an action's own refusal comes back as its code and message (Break it: no open challenge)", async () => {
    expect(await checkChallengeAction({ labId: "vpc-peering" })).toEqual({ ok: false, error: { code: "NoChallenge", message: "There is no open challenge on this lab." } });
  });

  it("class forms: a classroom refusal and zod's message (without the field) are the form's error", async () => {
    expect(await joinClassAction({}, joinForm("NOPE42"))).toEqual({ error: "No class has this join code. Check it with your instructor." });
    expect(await joinClassAction({}, joinForm(""))).toEqual({ error: "Enter the class's join code." });
  });
});

describe("withUser", () => {
  const handler = withUser(async (_request: Request, user, context: { label: string }) => Response.json({ user: user.id, label: context.label }));

  it("signed out: 401 with { error: 'Sign in first.' } as JSON, the handler does not run", async () => {
    test.userId = "";
    const response = await handler(new Request("http://console.test/api/x"), { label: "a" });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ error: "Sign in first." });
  });

  it("signed in: the handler runs with the user and the route's context", async () => {
    const response = await handler(new Request("http://console.test/api/x"), { label: "a" });
    expect(await response.json()).toEqual({ user: account.userId, label: "a" });
  });
});
