/**
 * Issue 18 point 7: three app processes on one PostgreSQL behind nginx round-robin (no sticky
 * sessions), started as docs/deploy.md says. Needs TEST_DATABASE_URL and Debian's nginx (.ci/run
 * provides both); each case names which process its requests reached where that matters.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeTagsCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { type Cluster, NGINX_PATH, startCluster } from "@/scripts/cluster";
import { createAccessKey, newAccount, signUp } from "./fixtures";

const SERVER_URL = process.env.TEST_DATABASE_URL;
const CLUSTER_PORT = Number(process.env.E2E_PORT ?? 3100) + 10;
const CLUSTER_URL = `http://127.0.0.1:${CLUSTER_PORT}`;
const WORK_DIR = `${process.env.E2E_DATA_DIR ?? ".data-e2e"}-cluster`;

test.skip(!SERVER_URL || !NGINX_PATH, "needs PostgreSQL (TEST_DATABASE_URL) and nginx, as .ci/run provides");
// One cluster per worker; a failed case restarts the worker (and the cluster) so the next still runs.
test.use({ baseURL: CLUSTER_URL });

let cluster: Cluster;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  cluster = await startCluster(SERVER_URL!, CLUSTER_PORT, 3, WORK_DIR);
});
test.afterAll(async () => {
  await cluster?.stop();
});

function ec2Through(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): EC2Client {
  return new EC2Client({ region: "us-east-1", endpoint: `${url}/aws`, credentials, maxAttempts: 1 });
}

/** Upstreams nginx sent the matching requests to. */
function upstreamsOf(pattern: RegExp): Set<string> {
  return new Set(cluster.upstreamLog().filter((line) => pattern.test(line)).map((line) => line.split(" ").at(-1)!));
}

/** The VPC's security groups by name; each whole (its description and the default egress rule a new group gets). */
async function groupNames(ec2: EC2Client, vpcId: string): Promise<string[]> {
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  for (const group of SecurityGroups.filter((candidate) => candidate.GroupName !== "default")) {
    expect(group.Description).toBe(group.GroupName!.replace(/-\d+$/, ""));
    expect(group.IpPermissionsEgress).toHaveLength(1);
  }
  return SecurityGroups.map((group) => group.GroupName!).sort();
}

/**
 * A public instance named lab1-instance-1, reachable by EC2 Instance Connect, built through one
 * process only: what this case checks is the terminal, not how other processes see these writes.
 */
async function publicInstance(ec2: EC2Client): Promise<void> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24", AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;
  const gatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: gatewayId }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }));
  const groupId = groups.SecurityGroups![0].GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  await ec2.send(
    new RunInstancesCommand({
      ImageId: AMAZON_IMAGES[0].imageId,
      InstanceType: "t2.micro",
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }],
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "lab1-instance-1" }] }],
    }),
  );
}

test("a terminal session opened through one process and typed into through the others keeps its state and its output in order", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUp(page, newAccount("Terminal"));
  await publicInstance(ec2Through(cluster.processUrls[0], await createAccessKey(page)));
  await page.goto("/labs/vpc-peering");
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^lab1-instance-1 \(i-/ }).click();
  const inspect = page.getByRole("tabpanel", { name: "Inspect" });
  await inspect.getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  const screen = page.getByRole("region", { name: /EC2 Instance Connect to lab1-instance-1/ }).getByTestId("terminal");
  await expect(screen).toContainText(/\[ec2-user@ip-10-1-0-\d+ ~\]\$/, { timeout: 30_000 });

  await screen.click();
  // The shell's state (a variable, a folder) carries from one line to the next, whichever process got each key.
  for (const line of ["export GREETING=multi", "mkdir lab-notes", "echo $GREETING-process", "ls"]) {
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
  }
  await expect(screen).toContainText(/multi-process.*ls.*lab-notes/);
  const text = (await screen.textContent())!;
  const pieces = ["export GREETING=multi", "mkdir lab-notes", "echo $GREETING-process", "multi-process", "ls", "lab-notes"];
  let at = -1;
  for (const piece of pieces) {
    const next = text.indexOf(piece, at + 1);
    expect(next, `"${piece}" after what came before it`).toBeGreaterThan(at);
    at = next;
  }
  // The keys really went through more than one process.
  expect(upstreamsOf(/^POST \/api\/terminal\//).size).toBeGreaterThan(1);
});

test("two SDK clients racing on one account through different processes: every call serialised, nothing lost or duplicated", async ({ page }) => {
  await signUp(page, newAccount("Racer"));
  const keys = await createAccessKey(page);
  const [first, second] = [ec2Through(cluster.url, keys), ec2Through(cluster.url, keys)];
  const { Vpc } = await first.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const vpcId = Vpc!.VpcId!;
  const race = (client: EC2Client, name: string) =>
    Array.from({ length: 10 }, (_, index) =>
      Promise.all([
        client.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-${index}`, Description: name })),
        client.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: `${name}-${index}`, Value: "x" }] })),
      ]),
    );
  await Promise.all([...race(first, "first"), ...race(second, "second")]);

  const expected = ["first", "second"].flatMap((name) => Array.from({ length: 10 }, (_, index) => `${name}-${index}`)).sort();
  expect(await groupNames(first, vpcId)).toEqual(["default", ...expected].sort());
  const { Tags = [] } = await second.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [vpcId] }] }));
  expect(Tags.map((tag) => tag.Key).sort()).toEqual(expected);
  expect(upstreamsOf(/^POST \/aws/).size).toBe(3);
});

test("a change made through one process reaches the console's live stream on another within 1 s, and the lab page's read of it follows on that stream", async ({ page }) => {
  await signUp(page, newAccount("Watcher"));
  const keys = await createAccessKey(page);
  const cookie = (await page.context().cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
  const stream = await fetch(`${cluster.processUrls[1]}/api/events?lab=vpc-peering&tab=watchertab01`, { headers: { cookie } });
  expect(stream.status).toBe(200);
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  const readUntil = async (pattern: RegExp) => {
    let seen = "";
    while (!pattern.test(seen)) seen += (await reader.read()).value ?? "";
  };
  await readUntil(/event: ready/);

  const changedAt = Date.now();
  const { Vpc } = await ec2Through(cluster.processUrls[0], keys).send(new CreateVpcCommand({ CidrBlock: "10.3.0.0/16" }));
  await readUntil(/event: change\ndata: \{"service":"ec2","action":"CreateVpc"\}/);
  expect(Date.now() - changedAt).toBeLessThan(1000);
  // The read is made by the process holding the stream, with the stream's session, though the change reached it from another process.
  await readUntil(new RegExp(`event: read\ndata: .*"ok":true.*${Vpc!.VpcId}`));
  await reader.cancel();
});

test("killing one process mid-call (SIGKILL) loses nothing that was acknowledged, and half-written state never shows", async ({ page }) => {
  await signUp(page, newAccount("Survivor"));
  const keys = await createAccessKey(page);
  const ec2 = ec2Through(cluster.url, keys);
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.4.0.0/16" }));
  const vpcId = Vpc!.VpcId!;
  const names = Array.from({ length: 45 }, (_, index) => `survivor-${index}`);
  const acknowledged: string[] = [];
  const calls = names.map(async (name, index) => {
    await new Promise((resolve) => setTimeout(resolve, index * 15));
    if (index === 15) cluster.kill(2, "SIGKILL");
    const created = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: "survivor" })).catch(() => undefined);
    if (created?.GroupId) acknowledged.push(name);
  });
  await Promise.all(calls);

  const stored = await groupNames(ec2, vpcId);
  for (const name of acknowledged) expect(stored).toContain(name);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored.every((name) => name === "default" || names.includes(name))).toBe(true);
  expect(acknowledged.length).toBeGreaterThan(30);
});

/** The app process whose shell serves the newest open terminal session, by its index in the cluster. */
async function ownerOfNewestSession(): Promise<number> {
  const client = new pg.Client({ connectionString: Object.assign(new URL(SERVER_URL!), { pathname: `/${cluster.database}` }).toString() });
  await client.connect();
  const { rows } = await client.query<{ owner: string }>("select owner from terminal_sessions where closed_at is null order by opened_at desc limit 1");
  await client.end();
  const pid = Number(rows[0].owner.split("/").at(-1));
  const index = cluster.processIds.indexOf(pid);
  expect(index, `owner ${rows[0].owner} is one of the cluster's processes`).toBeGreaterThanOrEqual(0);
  return index;
}

// Last in this file: it kills a process, and the cases above want all three (the SIGKILL case one of them).
test("a terminal whose process is killed tells the student so, and Connect again opens a new one on a live process", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signUp(page, newAccount("Orphan"));
  await publicInstance(ec2Through(cluster.url, await createAccessKey(page)));
  await page.goto("/labs/vpc-peering");
  await page.getByRole("navigation", { name: "Resources" }).getByRole("button", { name: /^lab1-instance-1 \(i-/ }).click();
  await page.getByRole("tabpanel", { name: "Inspect" }).getByRole("button", { name: "Connect with EC2 Instance Connect" }).click();
  const drawer = page.getByRole("region", { name: /EC2 Instance Connect to lab1-instance-1/ });
  await expect(drawer.getByTestId("terminal")).toContainText(/~\]\$/, { timeout: 30_000 });

  cluster.kill(await ownerOfNewestSession(), "SIGKILL");
  // Its owner misses heartbeats for OWNER_LOST_AFTER_S (10 s); a process streaming it then ends it.
  await expect(drawer.getByRole("status")).toHaveText("The session ended: the server running this terminal stopped.", { timeout: 30_000 });
  await page.screenshot({ path: "test-results/screens/terminal-server-stopped-1280x720.png" });
  await drawer.getByRole("button", { name: "Connect again" }).click();
  await expect(drawer.getByTestId("terminal")).toContainText(/~\]\$/, { timeout: 30_000 });
  await drawer.getByTestId("terminal").click();
  await page.keyboard.type("echo still-here");
  await page.keyboard.press("Enter");
  await expect(drawer.getByTestId("terminal")).toContainText(/\r?still-here/);
});
