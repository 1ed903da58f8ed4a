/** IAM and STS through the real @aws-sdk/client-iam and client-sts. */
import { describe, expect, it } from "vitest";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { getDb } from "@/lib/db/client";
import { sandboxAccessKeys } from "@/lib/db/schema";
import { ensureSandboxAccount, newAccessKeyId, newSecretAccessKey } from "@/lib/sandbox/accounts";
import { accessKeysOf, deleteAccessKey } from "./model/access-keys";
import { iamClient, s3Client, sdkError, stsClient } from "@/lib/sandbox/s3/testing";
import { type TestAccount } from "@/lib/sandbox/testing";
import { userIdFor } from "./model/users";
import { identitiesForWorld, resolveAccessKeyOwner } from "./identities";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

async function account(): Promise<{ account: TestAccount; iam: IAMClient }> {
  const created = await server.newAccount();
  return { account: created, iam: iamClient(server.endpoint, created.credentials) };
}

describe("users", () => {
  it("GetUser describes lab-user; an unknown user is NoSuchEntity", async () => {
    const { account: alice, iam } = await account();
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User).toMatchObject({
      Path: "/",
      UserName: "lab-user",
      UserId: userIdFor(alice.accountId, "lab-user"),
      Arn: `arn:aws:iam::${alice.accountId}:user/lab-user`,
    });
    expect(User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User!.CreateDate).toBeInstanceOf(Date);
    expect(await sdkError(iam.send(new GetUserCommand({ UserName: "nobody" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "The user with name nobody cannot be found.",
    });
  });
});

describe("access keys", () => {
  it("creates a key (secret shown once) that signs at once, lists, deactivates and deletes it", async () => {
    const { account: alice, iam } = await account();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({}));
    expect(AccessKey).toMatchObject({ UserName: "lab-user", Status: "Active" });
    expect(AccessKey!.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(AccessKey!.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    const fresh = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const identity = await stsClient(server.endpoint, fresh).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: alice.accountId, Arn: `arn:aws:iam::${alice.accountId}:user/lab-user`, UserId: userIdFor(alice.accountId, "lab-user") });

    const listed = await iam.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata!.map((key) => key.AccessKeyId).sort()).toEqual([alice.credentials.accessKeyId, fresh.accessKeyId].sort());
    expect(listed.AccessKeyMetadata!.every((key) => !("SecretAccessKey" in key) && key.Status === "Active")).toBe(true);

    await iam.send(new UpdateAccessKeyCommand({ AccessKeyId: fresh.accessKeyId, Status: "Inactive" }));
    expect(await resolveAccessKeyOwner(fresh.accessKeyId)).toBeNull();
    expect(await sdkError(stsClient(server.endpoint, fresh).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "InvalidClientTokenId",
      status: 403,
    });
    await iam.send(new UpdateAccessKeyCommand({ AccessKeyId: fresh.accessKeyId, Status: "Active" }));
    expect((await stsClient(server.endpoint, fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(alice.accountId);

    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: fresh.accessKeyId }));
    expect((await sdkError(stsClient(server.endpoint, fresh).send(new GetCallerIdentityCommand({})))).name).toBe("InvalidClientTokenId");
    expect(await sdkError(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: fresh.accessKeyId })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: `The Access Key with id ${fresh.accessKeyId} cannot be found.`,
    });
  });

  it("allows two keys per user (LimitExceeded beyond) and validates the status", async () => {
    const { iam } = await account();
    await iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
    expect(await sdkError(iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for AccessKeysPerUser: 2",
    });
    const [key] = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
    expect(await sdkError(iam.send(new UpdateAccessKeyCommand({ AccessKeyId: key.AccessKeyId, Status: "Paused" as "Active" })))).toMatchObject({
      name: "ValidationError",
      status: 400,
      message: "1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
    });
    expect((await sdkError(iam.send(new CreateAccessKeyCommand({ UserName: "ghost" })))).name).toBe("NoSuchEntityException");
  });

  it("when the student deactivates both of lab-user's keys, the console makes no third key past IAM's quota: it says why it cannot sign", async () => {
    const { account: alice, iam } = await account();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: "lab-user", AccessKeyId: AccessKey!.AccessKeyId, Status: "Inactive" }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: "lab-user", AccessKeyId: alice.credentials.accessKeyId, Status: "Inactive" }));

    await expect(ensureSandboxAccount(alice.userId)).rejects.toThrow(
      "Both of lab-user's access keys are inactive. This console signs as lab-user with one of them, and IAM allows no third (AccessKeysPerUser: 2)",
    );
    const keys = await accessKeysOf(alice.accountId, "lab-user");
    expect(keys.map((key) => [key.accessKeyId, key.status]).sort()).toEqual([[AccessKey!.AccessKeyId, "Inactive"], [alice.credentials.accessKeyId, "Inactive"]].sort());

    // Once the student deletes one, the console may make its own key: the second, within the quota.
    await deleteAccessKey(alice.accountId, "lab-user", AccessKey!.AccessKeyId!);
    const consoleKey = await ensureSandboxAccount(alice.userId);
    expect(consoleKey.accessKeyId).not.toBe(alice.credentials.accessKeyId);
    expect(await accessKeysOf(alice.accountId, "lab-user")).toHaveLength(2);
  });

  it("resolves keys to their owner for the simulated instances", async () => {
    const { account: alice } = await account();
    expect(await resolveAccessKeyOwner(alice.credentials.accessKeyId)).toEqual({
      arn: `arn:aws:iam::${alice.accountId}:user/lab-user`,
      accountId: alice.accountId,
      userId: userIdFor(alice.accountId, "lab-user"),
      userName: "lab-user",
      secretAccessKey: alice.credentials.secretAccessKey,
    });
    expect(await resolveAccessKeyOwner("AKIAAAAAAAAAAAAAAAAA")).toBeNull();
  });
});

describe("user policies", () => {
  it("attaches and detaches AWS managed policies, which then decide S3 access", async () => {
    const { account: alice, iam } = await account();
    const attached = async () => (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: "lab-user" }))).AttachedPolicies;
    expect(await attached()).toEqual([{ PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }]);
    await iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "arn:aws:iam::aws:policy/AmazonEC2FullAccess" }));
    await iam.send(new DetachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    expect(await attached()).toEqual([{ PolicyName: "AmazonEC2FullAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonEC2FullAccess" }]);
    const s3 = s3Client(server.endpoint, alice.credentials);
    expect(await sdkError(s3.send(new ListBucketsCommand({})))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${alice.accountId}:user/lab-user is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`,
    });
    await iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
    expect((await s3.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    expect((await identitiesForWorld(alice.accountId))[0].policies).toHaveLength(2);

    expect(await sdkError(iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    });
    expect(await sdkError(iam.send(new DetachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "Policy arn:aws:iam::aws:policy/AdministratorAccess was not found.",
    });
    expect(await sdkError(iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "not-an-arn/AdministratorAccess" })))).toMatchObject({
      name: "InvalidInputException",
      message: "ARN not-an-arn/AdministratorAccess is not valid.",
    });
    // Shorter than the model's 20 characters: IAM's model validation answers first.
    expect(await sdkError(iam.send(new AttachUserPolicyCommand({ UserName: "lab-user", PolicyArn: "not-an-arn" })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'not-an-arn' at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    });
  });

  it("puts, gets (URL-encoded, as IAM returns it), lists and deletes inline policies; inline denies apply", async () => {
    const { account: alice, iam } = await account();
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:ListAllMyBuckets", Resource: "*" }] });
    await iam.send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "no-listing", PolicyDocument: document }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: "lab-user", PolicyName: "no-listing" }));
    expect(got).toMatchObject({ UserName: "lab-user", PolicyName: "no-listing" });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(document);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: "lab-user" }))).PolicyNames).toEqual(["no-listing"]);
    const s3 = s3Client(server.endpoint, alice.credentials);
    expect((await sdkError(s3.send(new ListBucketsCommand({})))).message).toBe(
      `User: arn:aws:iam::${alice.accountId}:user/lab-user is not authorized to perform: s3:ListAllMyBuckets with an explicit deny in an identity-based policy`,
    );
    await iam.send(new DeleteUserPolicyCommand({ UserName: "lab-user", PolicyName: "no-listing" }));
    expect((await s3.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    expect(await sdkError(iam.send(new GetUserPolicyCommand({ UserName: "lab-user", PolicyName: "no-listing" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "The user policy with name no-listing cannot be found.",
    });
  });

  it("takes condition values written as JSON booleans and numbers, as IAM does, and S3 still evaluates them", async () => {
    const { account: bob, iam } = await account();
    const document = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": true }, NumericGreaterThan: { "s3:max-keys": 1000 } } }],
    });
    await iam.send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "typed-conditions", PolicyDocument: document }));
    expect(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: "lab-user", PolicyName: "typed-conditions" }))).PolicyDocument!)).toBe(document);
    expect((await s3Client(server.endpoint, bob.credentials).send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
  });

  it("refuses malformed policy documents with IAM's messages", async () => {
    const { iam } = await account();
    const cases: [string, string][] = [
      ["{not json", "Syntax errors in policy."],
      [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] }), "Policy document should not specify a principal."],
      [JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }), "Policy document must be version 2012-10-17 or greater."],
      [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }), "Policy statement must contain actions."],
      [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*" }] }), "Policy statement must contain resources."],
      [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ListBucket", Resource: "*" }] }), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
      [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "bucket" }] }), 'Resource bucket must be in ARN format or "*".'],
    ];
    for (const [document, message] of cases) {
      expect(await sdkError(iam.send(new PutUserPolicyCommand({ UserName: "lab-user", PolicyName: "p", PolicyDocument: document }))), document).toMatchObject({
        name: "MalformedPolicyDocumentException",
        status: 400,
        message,
      });
    }
  });
});

describe("STS", () => {
  it("GetCallerIdentity names the user, or the account for its root user", async () => {
    const { account: alice } = await account();
    expect(await stsClient(server.endpoint, alice.credentials).send(new GetCallerIdentityCommand({}))).toMatchObject({
      UserId: userIdFor(alice.accountId, "lab-user"),
      Account: alice.accountId,
      Arn: `arn:aws:iam::${alice.accountId}:user/lab-user`,
    });
    const root = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() };
    await (await getDb()).insert(sandboxAccessKeys).values({ ...root, accountId: alice.accountId, userName: null, status: "Active" });
    expect(await stsClient(server.endpoint, root).send(new GetCallerIdentityCommand({}))).toMatchObject({
      UserId: alice.accountId,
      Account: alice.accountId,
      Arn: `arn:aws:iam::${alice.accountId}:root`,
    });
  });
});

describe("managed policies", () => {
  it("GetPolicy and GetPolicyVersion describe an AWS managed policy and its URL-encoded document", async () => {
    const { iam } = await account();
    const arn = "arn:aws:iam::aws:policy/AdministratorAccess";
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(Policy).toMatchObject({ PolicyName: "AdministratorAccess", Arn: arn, Path: "/", DefaultVersionId: "v1", AttachmentCount: 1, IsAttachable: true });
    expect(Policy!.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }));
    expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    expect(PolicyVersion).toMatchObject({ VersionId: "v1", IsDefaultVersion: true });
  });

  it("answers NoSuchEntity for an unknown policy or version", async () => {
    const { iam } = await account();
    expect(await sdkError(iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    });
    expect(
      await sdkError(iam.send(new GetPolicyVersionCommand({ PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess", VersionId: "v7" }))),
    ).toMatchObject({ name: "NoSuchEntityException", message: "Policy arn:aws:iam::aws:policy/AdministratorAccess version v7 does not exist or is not attachable." });
  });
});
