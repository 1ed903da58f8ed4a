import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ec2Service } from "./ec2/service";
import { FALLBACK_ERROR_STYLE, sandboxRegistry } from "./registry";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "./testing";

describe("the app's registry", () => {
  it("serves EC2 and names the error style of every service the labs use", () => {
    expect(sandboxRegistry.implementation("ec2")).toEqual({ protocol: "query", service: ec2Service });
    expect(sandboxRegistry.errorStyle("ec2")).toEqual({ family: "ec2" });
    expect(sandboxRegistry.errorStyle("sts")).toEqual({ family: "query", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/" });
    expect(sandboxRegistry.errorStyle("iam")).toEqual({ family: "query", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/" });
    expect(sandboxRegistry.errorStyle("s3")).toEqual({ family: "s3" });
    expect(sandboxRegistry.errorStyle("ssm")).toEqual({ family: "json" });
    expect(sandboxRegistry.errorStyle("ec2-instance-connect")).toEqual({ family: "json" });
    expect(sandboxRegistry.errorStyle("lambda")).toBe(FALLBACK_ERROR_STYLE);
  });

  it("recognises unsigned requests by Query version or JSON target", () => {
    expect(sandboxRegistry.recognise({ queryVersion: "2016-11-15" })).toBe("ec2");
    expect(sandboxRegistry.recognise({ queryVersion: "2011-06-15" })).toBe("sts");
    expect(sandboxRegistry.recognise({ target: "AWSEC2InstanceConnectService.SendSSHPublicKey" })).toBe("ec2-instance-connect");
    expect(sandboxRegistry.recognise({ target: "AmazonSSM.SendCommand" })).toBe("ssm");
    expect(sandboxRegistry.recognise({ queryVersion: "1999-01-01" })).toBeUndefined();
  });
});

describe("EC2 through the app's /aws endpoint (smoke)", () => {
  let sandbox: SandboxServer;
  let account: TestAccount;
  beforeAll(async () => {
    sandbox = await startSandboxServer();
    account = await sandbox.newAccount();
  });
  afterAll(async () => sandbox.close());

  it("shows a new account its default VPC, the same on every call, and the VPCs it creates", async () => {
    const ec2 = new EC2Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: account.credentials });
    const first = await ec2.send(new DescribeVpcsCommand({}));
    expect(first.Vpcs).toHaveLength(1);
    expect(first.Vpcs![0].IsDefault).toBe(true);
    const again = await ec2.send(new DescribeVpcsCommand({}));
    expect(again.Vpcs![0].VpcId).toBe(first.Vpcs![0].VpcId);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const cli = await runAwsCli(["ec2", "describe-vpcs", "--vpc-ids", Vpc!.VpcId!], cliEnv(account, sandbox.endpoint));
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout).Vpcs).toMatchObject([{ VpcId: Vpc!.VpcId, CidrBlock: "10.1.0.0/16", IsDefault: false }]);
  });
});
