/**
 * Real AWS mode in the browser: the console runs with VPCLAB_AWS_MODE=real against its own sandbox
 * (scripts/e2e-real-server.ts), with short pending states, 5% throttling and a 1 s consistency window.
 * The operator's key (the account the server signs with) makes the "outside" resources and checks
 * what the console left, as the instructor's CLI would.
 */
import {
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { newAccount, shoot, signUp, VIEWPORTS } from "./fixtures";

interface Operator {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  endpoint: string;
}

function operator(): Operator {
  const dataDir = path.resolve(process.env.E2E_REAL_DATA_DIR ?? ".data-e2e-real");
  return JSON.parse(fs.readFileSync(path.join(dataDir, "operator.json"), "utf8")) as Operator;
}

/** The operator's own client: no vpclab tags on what it makes; patient with the 5% throttling. */
function operatorEc2(): EC2Client {
  const { accessKeyId, secretAccessKey, endpoint } = operator();
  return new EC2Client({ region: "us-east-1", endpoint, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 10 });
}

/** A just-created VPC is briefly unknown (the consistency window): retry its NotFound, as any AWS client must. */
async function whileNotFound<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!/\.NotFound$/.test((error as Error).name) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Everything in the account a teardown could have left: non-default VPCs and groups, live instances, addresses. */
async function accountContents(ec2: EC2Client) {
  const [vpcs, groups, instances, addresses] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({})),
    ec2.send(new DescribeSecurityGroupsCommand({})),
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped", "shutting-down"] }] })),
    ec2.send(new DescribeAddressesCommand({})),
  ]);
  return {
    vpcs: (vpcs.Vpcs ?? []).filter((vpc) => !vpc.IsDefault).map((vpc) => vpc.VpcId),
    groups: (groups.SecurityGroups ?? []).filter((group) => group.GroupName !== "default").map((group) => group.GroupId),
    instances: (instances.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).map((instance) => instance.InstanceId),
    addresses: (addresses.Addresses ?? []).map((address) => address.AllocationId),
  };
}

function rail(page: Page) {
  return page.getByRole("navigation", { name: "Lab steps" });
}

test("real mode prices the running lab, shows what it did not create read-only, and its teardown leaves that untouched", async ({ page }) => {
  test.setTimeout(180_000);
  const ec2 = operatorEc2();
  const foreignVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.200.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "team-network" }] }] }))).Vpc!.VpcId!;
  const foreignGroup = (await whileNotFound(() => ec2.send(new CreateSecurityGroupCommand({ GroupName: "team-web", Description: "made outside VPC Lab", VpcId: foreignVpc })))).GroupId!;

  await page.setViewportSize(VIEWPORTS[1]);
  await signUp(page, newAccount("RealAws"));
  await page.goto("/labs/vpc-peering");
  await expect(page.getByText(`Real AWS ${operator().accountId} · us-east-1`)).toBeVisible();

  // VPCs, peering, routes, the instances, then instance 1's Elastic IP (step 5, Instance Connect).
  for (let done = 1; done <= 5; done++) {
    await rail(page).getByRole("button", { name: "Do it for me" }).click();
    await expect(rail(page).getByText(`${done} of 6 done`)).toBeVisible({ timeout: 45_000 });
  }

  // Two t2.micro instances ($0.0116/h each) and the Elastic IP ($0.005/h) while they run.
  const banner = page.locator("summary", { hasText: /^Running on AWS: about/ });
  await expect(banner).toHaveText("Running on AWS: about $0.0282/h (about $0.68 a day). Tear the lab down when you finish; it is torn down after 120 minutes without activity.", {
    timeout: 30_000,
  });
  await banner.click();
  const lines = page.locator("details", { has: banner }).getByRole("listitem");
  await expect(lines.first()).toBeVisible();
  await expect(lines.filter({ hasText: "t2.micro instance, $0.0116/h" })).toHaveCount(2);
  await expect(lines.filter({ hasText: /^eipalloc-[0-9a-f]+: Elastic IP [\d.]+, \$0\.0050\/h$/ })).toHaveCount(1);
  await expect(lines).toHaveCount(3);
  await shoot(page, "real-aws-cost-banner");

  // What the operator made: listed, marked, and every change control of its panel disabled.
  await page.setViewportSize(VIEWPORTS[1]);
  await page.getByRole("tab", { name: "Build" }).click();
  const resources = page.getByRole("navigation", { name: "Resources" });
  const vpcEntry = resources.getByRole("button", { name: new RegExp(`^team-network \\(${foreignVpc}\\)`) });
  await expect(vpcEntry.getByTitle("Not created by VPC Lab — read-only")).toBeVisible();
  await expect(resources.getByRole("button", { name: new RegExp(`^team-web \\(${foreignGroup}\\)`) }).getByTitle("Not created by VPC Lab — read-only")).toBeVisible();
  await vpcEntry.click();
  await expect(page.getByRole("note")).toHaveText(/^Not created by VPC Lab — read-only\./);
  const inspector = page.getByRole("tabpanel", { name: "Inspect" });
  await expect(inspector.getByRole("button", { name: "Delete VPC" })).toBeDisabled();
  await expect(inspector.getByRole("button", { name: "Create subnet" })).toBeDisabled();
  await shoot(page, "real-aws-read-only-vpc");

  // Tear down: the lab's resources go, the operator's stay.
  await page.setViewportSize(VIEWPORTS[1]);
  await rail(page).getByLabel("Lab actions").click();
  await rail(page).getByRole("button", { name: "Tear down lab" }).click();
  await rail(page).getByRole("button", { name: "Tear down", exact: true }).click();
  const report = rail(page).getByRole("region", { name: /tear/i });
  await expect(report).not.toHaveAttribute("aria-busy", "true", { timeout: 90_000 });
  await expect(report.getByText(/^Left \(/)).toHaveCount(0);
  expect(await accountContents(ec2)).toEqual({ vpcs: [foreignVpc], groups: [foreignGroup], instances: [], addresses: [] });
  await expect(banner).toHaveCount(0);
});

test("the role settings refuse a malformed ARN and show AWS's answer when the role cannot be assumed", async ({ page }) => {
  await signUp(page, newAccount("RealRole"));
  await page.getByRole("link", { name: "Access keys" }).click();
  await expect(page.getByRole("heading", { name: "Use your own AWS account" })).toBeVisible();
  await expect(page.getByText(/sts:ExternalId\): vpclab-[0-9a-f]{32}$/)).toBeVisible();

  const roleArn = page.getByLabel("Role ARN");
  await roleArn.fill("arn:aws:iam::12345:role/VpcLabConsole");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter an IAM role ARN such as arn:aws:iam::123456789012:role/VpcLabConsole." })).toBeVisible();

  const role = "arn:aws:iam::123456789012:role/VpcLabConsole";
  await roleArn.fill(role);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved. The console now assumes ${role}.` })).toBeVisible();

  await page.getByRole("button", { name: "Test" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "AccessDenied" });
  await expect(refused).toContainText(`User: arn:aws:iam::${operator().accountId}:user/lab-user is not authorized to perform: sts:AssumeRole on resource: ${role}`);
  await shoot(page, "real-aws-role-refused");
});

test("with a role that trusts the console and the student's external id, the console acts as that role", async ({ page }) => {
  await signUp(page, newAccount("RealRoleOk"));
  await page.getByRole("link", { name: "Access keys" }).click();
  const externalId = (await page.getByText(/sts:ExternalId\): vpclab-[0-9a-f]{32}$/).textContent())!.match(/vpclab-[0-9a-f]{32}/)![0];

  // The student creates the role docs/real-aws.md describes, with the AWS CLI or console; here, the operator's SDK.
  const { accountId, accessKeyId, secretAccessKey, endpoint } = operator();
  const trust = fs
    .readFileSync("docs/real-aws-trust-policy.json", "utf8")
    .replace("CONSOLE_ACCOUNT_ID", accountId)
    .replace("YOUR_EXTERNAL_ID_FROM_THE_ACCESS_KEYS_PAGE", externalId);
  const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 10 });
  const roleName = `VpcLabConsole-${externalId.slice(-8)}`;
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "VpcLabConsole", PolicyDocument: fs.readFileSync("docs/real-aws-policy.json", "utf8") }));

  await page.getByLabel("Role ARN").fill(Role!.Arn!);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved. The console now assumes ${Role!.Arn}.` })).toBeVisible();
  await page.getByRole("button", { name: "Test" }).click();
  const connected = page.getByRole("status").filter({ hasText: "Connected as" });
  await expect(connected).toContainText(new RegExp(`Connected as arn:aws:sts::${accountId}:assumed-role/${roleName}/vpclab-\\S+ in account ${accountId}\\.`));
  await shoot(page, "real-aws-role-connected");
});
