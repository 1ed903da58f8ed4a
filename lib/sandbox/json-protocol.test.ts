import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeInstanceInformationCommand, GetCommandInvocationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { AwsError } from "./core/errors";
import { string } from "./core/inputs";
import type { JsonService } from "./core/types";
import { coralJsonDialect } from "./core/validation-errors";
import { createRegistry } from "./registry";
import { startSandboxServer, type SandboxServer, type TestAccount } from "./testing";

interface TestSsmState {
  calls: number;
}

/** Just enough of an AWS JSON 1.1 service to test the core's JSON dispatch. */
const testSsm: JsonService<TestSsmState> = {
  name: "ssm",
  targetPrefix: "AmazonSSM",
  regional: true,
  inputDialect: coralJsonDialect("ValidationException"),
  initialState: () => ({ calls: 0 }),
  operations: {
    DescribeInstanceInformation: {
      mutates: true,
      input: { NextToken: string() },
      run(input, ctx, state) {
        state.calls += 1;
        return { InstanceInformationList: [{ InstanceId: `i-${String(state.calls).padStart(17, "0")}`, PingStatus: "Online" }], NextToken: input.NextToken };
      },
    },
    GetCommandInvocation: {
      mutates: false,
      input: { CommandId: string() },
      run(input) {
        throw new AwsError("InvalidCommandId", `Command ${String(input.CommandId)} does not exist.`);
      },
    },
  },
};

describe("AWS JSON 1.1 services", () => {
  let sandbox: SandboxServer;
  let account: TestAccount;
  const ssm = () => new SSMClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1 });

  beforeAll(async () => {
    sandbox = await startSandboxServer({ registry: createRegistry([], [testSsm as JsonService<unknown>]) });
    account = await sandbox.newAccount();
  });
  afterAll(async () => sandbox.close());

  it("dispatches by X-Amz-Target, passes the JSON input and keeps state between calls", async () => {
    const first = await ssm().send(new DescribeInstanceInformationCommand({ NextToken: "page-2" }));
    expect(first.InstanceInformationList).toEqual([{ InstanceId: "i-00000000000000001", PingStatus: "Online" }]);
    expect(first.NextToken).toBe("page-2");
    const second = await ssm().send(new DescribeInstanceInformationCommand({}));
    expect(second.InstanceInformationList?.[0].InstanceId).toBe("i-00000000000000002");
    expect(second.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers an operation's error in the JSON error shape the SDK reads", async () => {
    const error = await ssm()
      .send(new GetCommandInvocationCommand({ CommandId: "c-1", InstanceId: "i-1" }))
      .catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(error).toMatchObject({ name: "InvalidCommandId", message: "Command c-1 does not exist." });
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });
});
