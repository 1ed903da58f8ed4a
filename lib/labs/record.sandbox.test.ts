/**
 * What the write-up keeps of each step: the test output recorded when the step completes (whether
 * the student checked it, clicked Do it for me, or used the CLI), refreshed by a later "Check my work".
 */
import { describe, expect, it } from "vitest";
import { checkAndRecord, doLabStep, doWholeLab } from "./check";
import { AuthorizeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { doItForMe } from "./do-it-for-me";
import { forgetSteps, loadLabProgress, loadStepRecords, stepsDoneForMe } from "./progress";
import { runShellOnInstance } from "./shell-on-instance";
import { readSnapshot } from "./read-account";
import { resetLab } from "./teardown";
import { sandboxClients } from "./testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

async function recordOf(userId: string, labId: string, stepId: string) {
  return (await loadStepRecords(userId, labId)).find((record) => record.stepId === stepId);
}

describe("step records for the write-up", () => {
  it("keeps the ping's output for Lab 1's last step even when it completed without a check of that step", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    await doWholeLab(clients, "vpc-peering");
    const recorded = await checkAndRecord(account.userId, clients, "vpc-peering");
    expect(recorded.newlyCompleted).toEqual(["vpcs", "peering", "routes", "instances", "connect", "ping"]);
    const ping = await recordOf(account.userId, "vpc-peering", "ping");
    expect(ping?.testCommand).toMatch(/^ping -c 1 10\.2\.0\.\d+$/);
    expect(ping?.testOutput).toContain("1 packets transmitted, 1 received, 0% packet loss");
  });

  it("completes Lab 2's access-key step only after the student's own call from the instance succeeded, and records that call", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    for (const step of ["architecture", "connect"]) await doLabStep(clients, "vpc-endpoints", step);
    const instanceId = (await readSnapshot(clients)).instances.find((instance) => instance.State?.Name === "running")!.InstanceId!;
    const unconfigured = await runShellOnInstance(clients.ssm, instanceId, ["aws sts get-caller-identity"]);
    expect(unconfigured.stderr).toContain("Unable to locate credentials");
    const before = await checkAndRecord(account.userId, clients, "vpc-endpoints");
    expect(before.completedSteps).not.toContain("access-keys");
    expect(before.results["access-keys"].evidence?.summary).toMatch(/: Unable to locate credentials\. You can configure credentials by running "aws configure"\.$/);

    const { accessKeyId, secretAccessKey } = account.credentials;
    await runShellOnInstance(clients.ssm, instanceId, [`aws configure set aws_access_key_id ${accessKeyId}`, `aws configure set aws_secret_access_key ${secretAccessKey}`]);
    await runShellOnInstance(clients.ssm, instanceId, ["aws sts get-caller-identity"]);
    const after = await checkAndRecord(account.userId, clients, "vpc-endpoints");
    expect(after.newlyCompleted).toContain("access-keys");
    const record = await recordOf(account.userId, "vpc-endpoints", "access-keys");
    expect(record?.testCommand).toBe("aws sts get-caller-identity");
    expect(record?.testOutput).toContain(`"Arn": "arn:aws:iam::${account.accountId}:user/lab-user"`);
  });

  it("says which steps Do it for me completed: not one it found built already, not one redone by hand after a reset, even when the console's check records it first", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    const doneForMe = async () => stepsDoneForMe(await loadLabProgress(account.userId, "vpc-peering"), await loadStepRecords(account.userId, "vpc-peering"));
    expect((await doItForMe(account.userId, clients, "vpc-peering", "vpcs")).newlyCompleted).toEqual(["vpcs"]);
    expect(await doneForMe()).toEqual(["vpcs"]);

    // The student requests and accepts the peering themselves (the same SDK calls), then clicks Do it for me: nothing is missing.
    await doLabStep(clients, "vpc-peering", "peering");
    const found = await doItForMe(account.userId, clients, "vpc-peering", "peering");
    expect(found).toMatchObject({ newlyCompleted: ["peering"], report: { created: [] } });
    // Do it for me on step 3 while the console checks the account as it changes (it records the step first, or the Do it for me does).
    await Promise.all([doItForMe(account.userId, clients, "vpc-peering", "routes"), ...[0, 1, 2].map(() => checkAndRecord(account.userId, clients, "vpc-peering"))]);
    expect(await loadLabProgress(account.userId, "vpc-peering")).toMatchObject({ completedSteps: ["vpcs", "peering", "routes"] });
    expect(await doneForMe()).toEqual(["vpcs", "routes"]);

    // Reset to step 3, then the routes again by hand: the student's now.
    await resetLab(clients, "vpc-peering", 3);
    await forgetSteps(account.userId, "vpc-peering", ["routes", "instances", "connect", "ping"]);
    await doLabStep(clients, "vpc-peering", "routes");
    expect((await checkAndRecord(account.userId, clients, "vpc-peering")).newlyCompleted).toEqual(["routes"]);
    expect(await doneForMe()).toEqual(["vpcs"]);
  });

  it("counts only what the student did after a reset: a ping from before Reset to step 6 no longer completes step 6", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    await doWholeLab(clients, "vpc-peering");
    expect((await checkAndRecord(account.userId, clients, "vpc-peering")).completedSteps).toContain("ping");

    // What the reset action does: remove step 6's work (the ICMP rule), forget the step.
    await resetLab(clients, "vpc-peering", 6);
    await forgetSteps(account.userId, "vpc-peering", ["ping"]);
    // The student puts the rule back by hand but has not pinged again.
    const snapshot = await readSnapshot(clients);
    const instance2 = snapshot.instances.find((instance) => instance.PrivateIpAddress?.startsWith("10.2."))!;
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: instance2.SecurityGroups![0].GroupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }] }),
    );
    const afterReset = await checkAndRecord(account.userId, clients, "vpc-peering");
    expect(afterReset.completedSteps).not.toContain("ping");
    expect(afterReset.results.ping.done).toBe(false);

    const one = snapshot.instances.find((instance) => instance.PrivateIpAddress?.startsWith("10.1."))!;
    await runShellOnInstance(clients.ssm, one.InstanceId!, [`ping -c 1 ${instance2.PrivateIpAddress}`]);
    expect((await checkAndRecord(account.userId, clients, "vpc-peering")).newlyCompleted).toEqual(["ping"]);
  });
});
