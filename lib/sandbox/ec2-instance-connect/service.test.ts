import crypto from "node:crypto";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnState } from "@/lib/sandbox/core/state-store";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import { expectAwsError } from "@/lib/sandbox/ec2/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { emptyInstanceConnectState, isOpenSshPublicKey, keyAccepted, KEY_LIFETIME_MS, type InstanceConnectState } from "./model/keys";
import { INSTANCE_CONNECT_SERVICE_NAME } from "./service";

/** An OpenSSH "ssh-rsa" public key line: the key type, then e and n as SSH strings and mpints. */
function openSshRsaKey(): string {
  const { publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (bytes.length >>> (24 - 8 * i)) & 0xff)), bytes]);
  const mpint = (base64url: string) => {
    const raw = Buffer.from(base64url, "base64url");
    return field(raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), mpint(jwk.e!), mpint(jwk.n!)]);
  return `ssh-rsa ${blob.toString("base64")} student@laptop`;
}

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let connect: EC2InstanceConnectClient;
let instanceId: string;
const key = openSshRsaKey();

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  const client = { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
  ec2 = new EC2Client(client);
  connect = new EC2InstanceConnectClient(client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.1.0.0/24", AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;
  const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", SubnetId: subnetId, MinCount: 1, MaxCount: 1 }));
  instanceId = Instances![0].InstanceId!;
});
afterAll(async () => server.close());

const push = (input: Partial<ConstructorParameters<typeof SendSSHPublicKeyCommand>[0]> = {}) =>
  connect.send(new SendSSHPublicKeyCommand({ InstanceId: instanceId, InstanceOSUser: "ec2-user", SSHPublicKey: key, AvailabilityZone: "us-east-1a", ...input }));

describe("SendSSHPublicKey", () => {
  it("accepts an OpenSSH RSA key for 60 seconds", async () => {
    const output = await push();
    expect(output.Success).toBe(true);
    expect(output.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const state = await runOnState(
      { accountId: account.accountId, service: INSTANCE_CONNECT_SERVICE_NAME, region: "us-east-1", action: "test", mutates: false, initialState: emptyInstanceConnectState },
      (current: InstanceConnectState) => current,
    );
    const now = Date.now();
    expect(keyAccepted(state, instanceId, "ec2-user", key, now)).toBe(true);
    expect(keyAccepted(state, instanceId, "root", key, now)).toBe(false);
    expect(keyAccepted(state, instanceId, "ec2-user", key, now + KEY_LIFETIME_MS + 1)).toBe(false);
  });

  it("refuses bad arguments, unknown instances, the wrong zone and stopped instances", async () => {
    await expectAwsError(push({ InstanceId: "mi-0123456789abcdef0" }), "InvalidArgsException", "1 validation error detected: Value 'mi-0123456789abcdef0' at 'instanceId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^i-[a-f0-9]+$");
    await expectAwsError(push({ SSHPublicKey: "ssh-rsa AAAA" }), "InvalidArgsException", /at 'sSHPublicKey' failed to satisfy constraint: Member must have length greater than or equal to 80$/);
    await expectAwsError(push({ SSHPublicKey: `ssh-rsa ${"A".repeat(300)}` }), "InvalidArgsException", /^Unsupported SSH public key format/);
    await expectAwsError(push({ InstanceOSUser: "bad user" }), "InvalidArgsException", /at 'instanceOSUser'/);
    await expectAwsError(push({ InstanceId: "i-0123456789abcdef0" }), "EC2InstanceNotFoundException", "Instance i-0123456789abcdef0 not found");
    await expectAwsError(push({ AvailabilityZone: "us-east-1b" }), "InvalidArgsException", `Instance ${instanceId} is not in availability zone us-east-1b`);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await expectAwsError(push(), "EC2InstanceStateInvalidException", `Instance ${instanceId} is not in a valid state for this operation (stopped)`);
  });

  it("answers the AWS CLI in its error format", async () => {
    const env = cliEnv(account, server.endpoint);
    const result = await runAwsCli(["ec2-instance-connect", "send-ssh-public-key", "--instance-id", instanceId, "--instance-os-user", "ec2-user", "--ssh-public-key", key], env);
    expect(result.code).toBe(254);
    expect(result.stderr).toBe(`\nAn error occurred (EC2InstanceStateInvalidException) when calling the SendSSHPublicKey operation: Instance ${instanceId} is not in a valid state for this operation (stopped)\n`);
  });
});

describe("OpenSSH key format", () => {
  it("checks that the blob names the same key type", () => {
    expect(isOpenSshPublicKey(key)).toBe(true);
    expect(isOpenSshPublicKey(key.replace("ssh-rsa ", "ssh-ed25519 "))).toBe(false);
    expect(isOpenSshPublicKey("ssh-rsa not-base64!")).toBe(false);
  });
});
