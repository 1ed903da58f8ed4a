/** IAM users made by tools (CreateUser …) through the real @aws-sdk/client-iam and the AWS CLI v2. */
import { describe, expect, it } from "vitest";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { iamClient, sdkError, stsClient } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli, type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

async function account(): Promise<{ account: TestAccount; iam: IAMClient }> {
  const created = await server.newAccount();
  return { account: created, iam: iamClient(server.endpoint, created.credentials) };
}

const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const READ_ONLY_DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] });

describe("CreateUser / GetUser", () => {
  it("creates a user with a path, tags and a boundary; its name is taken in any case", async () => {
    const { account: alice, iam } = await account();
    const { User } = await iam.send(
      new CreateUserCommand({ UserName: "ci-deployer", Path: "/ci/", PermissionsBoundary: S3_READ, Tags: [{ Key: "team", Value: "net" }] }),
    );
    expect(User).toMatchObject({
      Path: "/ci/",
      UserName: "ci-deployer",
      Arn: `arn:aws:iam::${alice.accountId}:user/ci/ci-deployer`,
      PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: S3_READ },
      Tags: [{ Key: "team", Value: "net" }],
    });
    expect(User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User!.CreateDate).toBeInstanceOf(Date);
    expect((await iam.send(new GetUserCommand({ UserName: "ci-deployer" }))).User).toEqual(User);

    expect(await sdkError(iam.send(new CreateUserCommand({ UserName: "CI-Deployer" })))).toMatchObject({
      name: "EntityAlreadyExistsException",
      status: 409,
      message: "User with name CI-Deployer already exists.",
    });
  });

  it("refuses bad names and paths with IAM's validation messages", async () => {
    const { iam } = await account();
    expect(await sdkError(iam.send(new CreateUserCommand({ UserName: "bad name" })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    expect(await sdkError(iam.send(new CreateUserCommand({ UserName: "u", Path: "ci" })))).toMatchObject({
      name: "ValidationError",
      message: "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
    });
    expect((await iam.send(new ListUsersCommand({}))).Users!.map((user) => user.UserName)).toEqual(["lab-user"]);
  });
});

describe("ListUsers", () => {
  it("lists by name under a path prefix, a page at a time", async () => {
    const { iam } = await account();
    for (const [name, path] of [["zed", "/ops/"], ["Amy", "/ops/"], ["bob", "/"]]) await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
    const all = await iam.send(new ListUsersCommand({}));
    expect(all.Users!.map((user) => user.UserName)).toEqual(["Amy", "bob", "lab-user", "zed"]);
    expect(all.IsTruncated).toBe(false);
    expect(all.Users!.every((user) => !("Tags" in user) || user.Tags === undefined)).toBe(true);

    const ops = await iam.send(new ListUsersCommand({ PathPrefix: "/ops/" }));
    expect(ops.Users!.map((user) => user.UserName)).toEqual(["Amy", "zed"]);

    const first = await iam.send(new ListUsersCommand({ MaxItems: 3 }));
    expect(first).toMatchObject({ IsTruncated: true });
    expect(first.Users!.map((user) => user.UserName)).toEqual(["Amy", "bob", "lab-user"]);
    const second = await iam.send(new ListUsersCommand({ MaxItems: 3, Marker: first.Marker }));
    expect(second.Users!.map((user) => user.UserName)).toEqual(["zed"]);
    expect(second.IsTruncated).toBe(false);
  });
});

describe("UpdateUser", () => {
  it("renames a user (its key keeps signing, as the new name) and moves it to another path", async () => {
    const { account: alice, iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "old-name" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "old-name" }));
    await iam.send(new UpdateUserCommand({ UserName: "old-name", NewUserName: "new-name", NewPath: "/moved/" }));

    expect(await sdkError(iam.send(new GetUserCommand({ UserName: "old-name" })))).toMatchObject({ name: "NoSuchEntityException", message: "The user with name old-name cannot be found." });
    const { User } = await iam.send(new GetUserCommand({ UserName: "new-name" }));
    expect(User).toMatchObject({ Path: "/moved/", Arn: `arn:aws:iam::${alice.accountId}:user/moved/new-name` });
    const sts = stsClient(server.endpoint, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: User!.Arn, UserId: User!.UserId });
  });

  it("refuses a name another user has, and an unknown user", async () => {
    const { iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "first" }));
    expect(await sdkError(iam.send(new UpdateUserCommand({ UserName: "first", NewUserName: "LAB-USER" })))).toMatchObject({
      name: "EntityAlreadyExistsException",
      message: "User with name LAB-USER already exists.",
    });
    expect(await sdkError(iam.send(new UpdateUserCommand({ UserName: "ghost", NewUserName: "x" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name ghost cannot be found.",
    });
  });
});

describe("DeleteUser", () => {
  it("refuses while the user has access keys, inline policies or managed policies, then deletes it", async () => {
    const { iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "temp" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "temp" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "temp", PolicyName: "read", PolicyDocument: READ_ONLY_DOCUMENT }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "temp", PolicyArn: S3_READ }));
    const conflict = (message: string) => ({ name: "DeleteConflictException", status: 409, message });

    expect(await sdkError(iam.send(new DeleteUserCommand({ UserName: "temp" })))).toMatchObject(conflict("Cannot delete entity, must delete access keys first."));
    await iam.send(new DeleteAccessKeyCommand({ UserName: "temp", AccessKeyId: AccessKey!.AccessKeyId }));
    expect(await sdkError(iam.send(new DeleteUserCommand({ UserName: "temp" })))).toMatchObject(conflict("Cannot delete entity, must delete policies first."));
    await iam.send(new DeleteUserPolicyCommand({ UserName: "temp", PolicyName: "read" }));
    expect(await sdkError(iam.send(new DeleteUserCommand({ UserName: "temp" })))).toMatchObject(conflict("Cannot delete entity, must detach all policies first."));
    await iam.send(new DetachUserPolicyCommand({ UserName: "temp", PolicyArn: S3_READ }));

    await iam.send(new DeleteUserCommand({ UserName: "temp" }));
    expect(await sdkError(iam.send(new GetUserCommand({ UserName: "temp" })))).toMatchObject({ name: "NoSuchEntityException" });
    expect(await sdkError(iam.send(new DeleteUserCommand({ UserName: "temp" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name temp cannot be found.",
    });
  });

  it("gives a user made again under an old name a new id", async () => {
    const { iam } = await account();
    const first = (await iam.send(new CreateUserCommand({ UserName: "again" }))).User!;
    await iam.send(new DeleteUserCommand({ UserName: "again" }));
    const second = (await iam.send(new CreateUserCommand({ UserName: "again" }))).User!;
    expect(second.UserId).not.toBe(first.UserId);
  });
});

describe("what Ansible's iam_user state=absent reads before DeleteUser", () => {
  it("answers no console password and empty key, credential, certificate and MFA lists; NoSuchEntity for an unknown user", async () => {
    const { iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "bare" }));
    expect(await sdkError(iam.send(new GetLoginProfileCommand({ UserName: "bare" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "Login Profile for User bare cannot be found.",
    });
    expect(await iam.send(new ListSSHPublicKeysCommand({ UserName: "bare" }))).toMatchObject({ SSHPublicKeys: [], IsTruncated: false });
    expect((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: "bare" }))).ServiceSpecificCredentials).toEqual([]);
    expect(await iam.send(new ListSigningCertificatesCommand({ UserName: "bare" }))).toMatchObject({ Certificates: [], IsTruncated: false });
    expect(await iam.send(new ListMFADevicesCommand({ UserName: "bare" }))).toMatchObject({ MFADevices: [], IsTruncated: false });
    expect(await sdkError(iam.send(new ListMFADevicesCommand({ UserName: "gone" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name gone cannot be found.",
    });
  });
});

describe("user tags", () => {
  it("tags (a key in any case replaces its value), lists and untags", async () => {
    const { iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "tagged", Tags: [{ Key: "Env", Value: "dev" }] }));
    await iam.send(new TagUserCommand({ UserName: "tagged", Tags: [{ Key: "env", Value: "prod" }, { Key: "owner", Value: "me" }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: "tagged" }))).Tags).toEqual([
      { Key: "Env", Value: "prod" },
      { Key: "owner", Value: "me" },
    ]);
    await iam.send(new UntagUserCommand({ UserName: "tagged", TagKeys: ["ENV", "absent"] }));
    expect(await iam.send(new ListUserTagsCommand({ UserName: "tagged" }))).toMatchObject({ Tags: [{ Key: "owner", Value: "me" }], IsTruncated: false });
    expect(await sdkError(iam.send(new TagUserCommand({ UserName: "nobody", Tags: [{ Key: "a", Value: "b" }] })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name nobody cannot be found.",
    });
  });
});

describe("the AWS CLI", () => {
  it("creates, lists and deletes a user", async () => {
    const { account: alice } = await account();
    const env = cliEnv(alice, server.endpoint);
    const created = await runAwsCli(["iam", "create-user", "--user-name", "cli-user", "--tags", "Key=k,Value=v", "--output", "json"], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).User).toMatchObject({ UserName: "cli-user", Arn: `arn:aws:iam::${alice.accountId}:user/cli-user`, Tags: [{ Key: "k", Value: "v" }] });
    const listed = await runAwsCli(["iam", "list-users", "--query", "Users[].UserName", "--output", "json"], env);
    expect(JSON.parse(listed.stdout)).toEqual(["cli-user", "lab-user"]);
    expect((await runAwsCli(["iam", "delete-user", "--user-name", "cli-user"], env)).code).toBe(0);
    const again = await runAwsCli(["iam", "delete-user", "--user-name", "cli-user"], env);
    expect(again.code).toBe(254);
    expect(again.stderr).toContain("An error occurred (NoSuchEntity) when calling the DeleteUser operation: The user with name cli-user cannot be found.");
  }, 120_000);
});
