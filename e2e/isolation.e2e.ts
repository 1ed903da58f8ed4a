/**
 * Tenant isolation in the console's own routes (the sandbox's AWS APIs are covered in
 * lib/sandbox/isolation.test.ts): student A, signed in, holding student B's terminal session id,
 * can neither read B's terminal, type into it nor close it; A's console read, live-change stream
 * and write-up carry nothing of B's.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { expect, test, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { baseURL } from "../playwright.config";
import { createAccessKey, newAccount, signUp } from "./fixtures";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";

interface Keys {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

async function keysOf(page: Page): Promise<Keys> {
  const keys = await createAccessKey(page);
  expect(keys.secretAccessKey).toHaveLength(40);
  return keys;
}

function ec2Of(keys: Keys): EC2Client {
  return new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: keys, maxAttempts: 1 });
}

/** B's instance in the default VPC, reachable by Instance Connect (the default subnet gives it a public address). */
async function launchReachableInstance(ec2: EC2Client): Promise<string> {
  const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }));
  const groupId = groups.SecurityGroups![0].GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMAZON_IMAGES[0].imageId,
      InstanceType: "t2.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnets.Subnets![0].SubnetId!,
      SecurityGroupIds: [groupId],
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "b-host" }] }],
    }),
  );
  return run.Instances![0].InstanceId!;
}

/** Opens B's terminal in the console and returns its session id (from the terminal's own requests). */
async function openTerminal(page: Page): Promise<string> {
  await page.goto("/labs/vpc-peering");
  await page.getByRole("tab", { name: "Build" }).click();
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^b-host \(i-/ }).click();
  const stream = page.waitForRequest((request) => /\/api\/terminal\/[^/?]+/.test(request.url()) && request.method() === "GET");
  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  const sessionId = /\/api\/terminal\/([^/?]+)/.exec((await stream).url())![1];
  await expect(page.getByTestId("terminal")).toContainText(/\[ec2-user@ip-[\d-]+ ~\]\$/);
  return sessionId;
}

test("student A cannot read, type into or close student B's terminal, nor see B in the console's read, live changes or write-up", async ({ browser }) => {
  test.setTimeout(120_000);
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const pageA = await contextA.newPage();
  const pageB = await contextB.newPage();
  const studentB = newAccount("Tenant B");
  await signUp(pageA, newAccount("Tenant A"));
  await signUp(pageB, studentB);
  const keysA = await keysOf(pageA);
  const keysB = await keysOf(pageB);
  const instanceB = await launchReachableInstance(ec2Of(keysB));
  await pageB.setViewportSize({ width: 1440, height: 900 });
  const sessionB = await openTerminal(pageB);

  // The terminal: B's session id is, to A, a session that has ended — as a made-up id is. Origin is
  // the console's own, so what refuses A is the ownership check, not the Origin check.
  const asA = { headers: { Origin: baseURL } };
  const ended = { error: "This terminal session has ended. Connect again." };
  for (const id of [sessionB, "no-such-session"]) {
    const read = await pageA.request.get(`/api/terminal/${id}`, asA);
    expect([read.status(), await read.json()]).toEqual([404, ended]);
    const typed = await pageA.request.post(`/api/terminal/${id}`, { ...asA, data: { data: "echo typed-by-a\r" } });
    expect([typed.status(), await typed.json()]).toEqual([404, ended]);
    const closed = await pageA.request.delete(`/api/terminal/${id}`, asA);
    expect([closed.status(), await closed.json()]).toEqual([404, ended]);
  }
  const screen = pageB.getByTestId("terminal");
  await screen.click();
  await pageB.keyboard.type("hostname");
  await pageB.keyboard.press("Enter");
  await expect(screen).toContainText(/ip-[\d-]+\.ec2\.internal/);
  await expect(screen).not.toContainText("typed-by-a");

  // The console's read of the account.
  const consoleRead = await (await pageA.request.get("/api/console")).text();
  expect(consoleRead).toContain(keysA.accountId);
  for (const secret of [keysB.accountId, instanceB, keysB.accessKeyId]) expect(consoleRead).not.toContain(secret);

  // The live-change stream, as a lab page opens it (carrying its reads): B's change is never sent to A,
  // nor read for A; A's own is, and A's read of it is A's account alone.
  await pageA.goto("/access-keys");
  await pageA.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const seen = { changes: [] as string[], reads: [] as string[] };
        (window as unknown as { seen: typeof seen }).seen = seen;
        const source = new EventSource("/api/events?lab=vpc-peering&tab=isolationtab01");
        source.addEventListener("ready", () => resolve());
        source.addEventListener("change", (event) => seen.changes.push((event as MessageEvent<string>).data));
        source.addEventListener("read", (event) => seen.reads.push((event as MessageEvent<string>).data));
      }),
  );
  await ec2Of(keysB).send(new CreateTagsCommand({ Resources: [instanceB], Tags: [{ Key: "changed-by", Value: "b" }] }));
  await pageA.waitForTimeout(1_500);
  const seenByA = () => pageA.evaluate(() => (window as unknown as { seen: { changes: string[]; reads: string[] } }).seen);
  expect(await seenByA()).toEqual({ changes: [], reads: [] });
  await ec2Of(keysA).send(new CreateSecurityGroupCommand({ GroupName: "a-only", Description: "made by A" }));
  await expect.poll(async () => (await seenByA()).changes).toContain(JSON.stringify({ service: "ec2", action: "CreateSecurityGroup" }));
  await expect.poll(async () => (await seenByA()).reads.length).toBe(1);
  const streamedRead = (await seenByA()).reads[0];
  for (const own of [keysA.accountId, "a-only"]) expect(streamedRead).toContain(own);
  for (const secret of [keysB.accountId, instanceB, keysB.accessKeyId, "changed-by"]) expect(streamedRead).not.toContain(secret);

  // The write-up download is the signed-in student's own.
  const download = await pageA.request.get("/labs/vpc-peering/writeup/download");
  expect(download.status()).toBe(200);
  const readme = strFromU8(unzipSync(new Uint8Array(await download.body()))["README.md"]);
  expect(readme).toContain(keysA.accountId);
  for (const secret of [keysB.accountId, studentB.name]) expect(readme).not.toContain(secret);

  await contextA.close();
  await contextB.close();
});
