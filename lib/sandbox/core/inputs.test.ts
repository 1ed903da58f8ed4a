/**
 * Declared inputs through the real SDKs and the AWS CLI: each Query service answers a request
 * that does not match an operation's declaration as AWS does — EC2 with UnknownParameter /
 * MissingParameter / InvalidParameterValue (the first problem), IAM and STS with one
 * ValidationError listing every problem (and no complaint about parameters they do not know).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand, type RunInstancesCommandInput } from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, ListRolesCommand, TagRoleCommand, type CreateRoleCommandInput } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { BuildMiddleware, MiddlewareStack } from "@smithy/types";
import { expectAwsError } from "@/lib/sandbox/ec2/testing";
import { sandboxRegistry } from "@/lib/sandbox/registry";
import { iamClient, sdkError } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { InputShape } from "./inputs";

let server: SandboxServer;
let alice: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  alice = await server.newAccount();
});
afterAll(() => server.close());

/** Adds raw `name=value` pairs to the form body before signing: what an SDK built for another model version sends. */
function withExtraParameters<C extends EC2Client | IAMClient | STSClient>(client: C, extra: string): C {
  const addParameters: BuildMiddleware<object, object> = (next) => async (args) => {
    const request = args.request as { body?: string; headers: Record<string, string> };
    request.body = `${request.body ?? ""}&${extra}`;
    request.headers["content-length"] = String(Buffer.byteLength(request.body));
    return next(args);
  };
  (client.middlewareStack as MiddlewareStack<object, object>).add(addParameters, { step: "build", name: "extraParameters" });
  return client;
}

function ec2(extra?: string): EC2Client {
  const client = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: alice.credentials, maxAttempts: 1 });
  return extra ? withExtraParameters(client, extra) : client;
}

function iam(extra?: string): IAMClient {
  const client = iamClient(server.endpoint, alice.credentials);
  return extra ? withExtraParameters(client, extra) : client;
}

describe("EC2's answers to undeclared and ill-formed parameters", () => {
  it("answers UnknownParameter naming a parameter EC2 does not know, at the top level and inside a structure", async () => {
    await expectAwsError(ec2("ImageType=machine").send(new DescribeVpcsCommand({})), "UnknownParameter", "The parameter ImageType is not recognized");
    await expectAwsError(ec2("Filter.1.Bogus=x").send(new DescribeVpcsCommand({})), "UnknownParameter", "The parameter Bogus is not recognized");
  });

  it("answers MissingParameter for a parameter the model requires", async () => {
    const input = { ImageId: "ami-0abcdef1234567890", MaxCount: 1 } as RunInstancesCommandInput;
    await expectAwsError(ec2().send(new RunInstancesCommand(input)), "MissingParameter", "The request must contain the parameter MinCount");
  });

  it("words DescribeInstances' MaxResults floor as EC2 does", async () => {
    await expectAwsError(
      ec2().send(new DescribeInstancesCommand({ MaxResults: 3 })),
      "InvalidParameterValue",
      "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.",
    );
    const cli = await runAwsCli(["ec2", "describe-instances", "--max-results", "3"], cliEnv(alice, server.endpoint));
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain("(InvalidParameterValue) when calling the DescribeInstances operation: Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.");
  });

  it("accepts every parameter of the model, those the sandbox ignores included", async () => {
    const answer = await ec2("IncludeManagedResources=true").send(new DescribeInstancesCommand({ MaxResults: 5, Filters: [{ Name: "instance-state-name", Values: ["running"] }] }));
    expect(answer.Reservations).toEqual([]);
  });
});

describe("IAM's and STS's answers", () => {
  it("lists every problem in one ValidationError, in the model's member order", async () => {
    expect(await sdkError(iam().send(new CreateRoleCommand({} as CreateRoleCommandInput)))).toMatchObject({
      name: "ValidationError",
      status: 400,
      message:
        "2 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null",
    });
  });

  it("quotes list members by their Coral path without their value", async () => {
    expect(await sdkError(iam().send(new TagRoleCommand({ RoleName: "absent", Tags: [{ Key: "", Value: "v" }] })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });

  it("ignores parameters IAM does not know", async () => {
    const answer = await iam("Bogus=1&Scope.member.1=x").send(new ListRolesCommand({}));
    expect(answer.IsTruncated).toBe(false);
  });

  it("STS checks AssumeRole's session name and duration together", async () => {
    const sts = new STSClient({ region: "us-east-1", endpoint: server.endpoint, credentials: alice.credentials, maxAttempts: 1 });
    const call = sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${alice.accountId}:role/r`, RoleSessionName: "x", DurationSeconds: 60 }));
    expect(await sdkError(call)).toMatchObject({
      name: "ValidationError",
      message:
        "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });
});

function shapesOf(shape: InputShape): InputShape[] {
  if (shape.type === "list") return [shape, ...shapesOf(shape.member)];
  if (shape.type === "structure") return [shape, ...Object.values(shape.members).flatMap(shapesOf)];
  return [shape];
}

describe("declarations", () => {
  it("every Query operation declares its inputs, with patterns JavaScript can match", () => {
    for (const name of ["ec2", "iam", "sts"]) {
      const implementation = sandboxRegistry.implementation(name);
      if (implementation?.protocol !== "query") throw new Error(`${name} is not a Query service`);
      for (const [action, operation] of Object.entries(implementation.service.operations)) {
        expect(operation.input, `${name}:${action}`).toBeTypeOf("object");
        for (const shape of Object.values(operation.input).flatMap(shapesOf)) {
          if (shape.type === "string" && shape.pattern) expect(() => new RegExp(shape.pattern!, "u"), `${name}:${action}`).not.toThrow();
        }
      }
    }
  });
});
