/** IAM groups through the real @aws-sdk/client-iam: membership, the group's policies, and what they grant its members. */
import { describe, expect, it } from "vitest";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListBucketsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { iamClient, s3Client, sdkError } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli, type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

async function account(): Promise<{ account: TestAccount; iam: IAMClient }> {
  const created = await server.newAccount();
  return { account: created, iam: iamClient(server.endpoint, created.credentials) };
}

const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const DENY_LIST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NoListing", Effect: "Deny", Action: "s3:ListBucket", Resource: "*" }] });

describe("groups and membership", () => {
  it("creates a group, adds members, shows them in GetGroup and ListGroupsForUser", async () => {
    const { account: alice, iam } = await account();
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: "network-admins", Path: "/lab/" }));
    expect(Group).toMatchObject({ Path: "/lab/", GroupName: "network-admins", Arn: `arn:aws:iam::${alice.accountId}:group/lab/network-admins` });
    expect(Group!.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(Group!.CreateDate).toBeInstanceOf(Date);
    await iam.send(new CreateGroupCommand({ GroupName: "auditors" }));
    expect(await sdkError(iam.send(new CreateGroupCommand({ GroupName: "Auditors" })))).toMatchObject({
      name: "EntityAlreadyExistsException",
      status: 409,
      message: "Group with name Auditors already exists.",
    });

    await iam.send(new CreateUserCommand({ UserName: "carol" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "network-admins", UserName: "carol" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "network-admins", UserName: "carol" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "auditors", UserName: "carol" }));

    const got = await iam.send(new GetGroupCommand({ GroupName: "network-admins" }));
    expect(got.Group).toEqual(Group);
    expect(got.Users!.map((user) => user.UserName)).toEqual(["carol"]);
    expect(got.IsTruncated).toBe(false);
    const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: "carol" }));
    expect(forUser.Groups!.map((group) => group.GroupName)).toEqual(["auditors", "network-admins"]);
    expect((await iam.send(new ListGroupsCommand({ PathPrefix: "/lab/" }))).Groups!.map((group) => group.GroupName)).toEqual(["network-admins"]);

    expect(await sdkError(iam.send(new AddUserToGroupCommand({ GroupName: "auditors", UserName: "nobody" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name nobody cannot be found.",
    });
    expect(await sdkError(iam.send(new GetGroupCommand({ GroupName: "ghosts" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "The group with name ghosts cannot be found.",
    });
  });

  it("refuses to delete a group with members or policies, and a user still in a group", async () => {
    const { iam } = await account();
    await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
    await iam.send(new CreateUserCommand({ UserName: "dave" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "dave" }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: S3_READ }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "no-listing", PolicyDocument: DENY_LIST }));
    const conflict = (message: string) => ({ name: "DeleteConflictException", status: 409, message });

    expect(await sdkError(iam.send(new DeleteUserCommand({ UserName: "dave" })))).toMatchObject(conflict("Cannot delete entity, must remove users from group first."));
    expect(await sdkError(iam.send(new DeleteGroupCommand({ GroupName: "devs" })))).toMatchObject(conflict("Cannot delete entity, must remove users from group first."));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: "devs", UserName: "dave" }));
    expect(await sdkError(iam.send(new RemoveUserFromGroupCommand({ GroupName: "devs", UserName: "dave" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The user with name dave cannot be found.",
    });
    expect(await sdkError(iam.send(new DeleteGroupCommand({ GroupName: "devs" })))).toMatchObject(conflict("Cannot delete entity, must detach all policies first."));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: "devs", PolicyArn: S3_READ }));
    expect(await sdkError(iam.send(new DeleteGroupCommand({ GroupName: "devs" })))).toMatchObject(conflict("Cannot delete entity, must delete policies first."));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: "devs", PolicyName: "no-listing" }));
    await iam.send(new DeleteGroupCommand({ GroupName: "devs" }));
    await iam.send(new DeleteUserCommand({ UserName: "dave" }));
    expect((await iam.send(new ListGroupsCommand({}))).Groups).toEqual([]);
  });
});

describe("group policies", () => {
  it("puts, gets (URL-encoded document, as IAM returns it), lists and attaches", async () => {
    const { iam } = await account();
    await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: "readers", PolicyName: "no-listing", PolicyDocument: DENY_LIST }));
    const got = await iam.send(new GetGroupPolicyCommand({ GroupName: "readers", PolicyName: "no-listing" }));
    expect(got).toMatchObject({ GroupName: "readers", PolicyName: "no-listing" });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(DENY_LIST);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: "readers" }))).PolicyNames).toEqual(["no-listing"]);
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: S3_READ }));
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: "readers" }))).AttachedPolicies).toEqual([
      { PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: S3_READ },
    ]);
    expect(await sdkError(iam.send(new GetGroupPolicyCommand({ GroupName: "readers", PolicyName: "absent" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The group policy with name absent cannot be found.",
    });
  });

  it("a CreateUser'd user's key is allowed by its group's policy, denied by its Deny, and by nothing once out of the group", async () => {
    const { iam } = await account();
    await iam.send(new CreateUserCommand({ UserName: "erin" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "erin" }));
    const erin = s3Client(server.endpoint, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const labS3 = s3Client(server.endpoint, (await iam.config.credentials()) as { accessKeyId: string; secretAccessKey: string });
    const bucket = `erin-${Date.now()}`;
    await labS3.send(new CreateBucketCommand({ Bucket: bucket }));

    expect(await sdkError(erin.send(new ListBucketsCommand({})))).toMatchObject({ name: "AccessDenied", status: 403 });
    await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: S3_READ }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "erin" }));
    expect((await erin.send(new ListBucketsCommand({}))).Buckets!.map((entry) => entry.Name)).toContain(bucket);
    await erin.send(new ListObjectsV2Command({ Bucket: bucket }));

    await iam.send(new PutGroupPolicyCommand({ GroupName: "readers", PolicyName: "no-listing", PolicyDocument: DENY_LIST }));
    const denied = await sdkError(erin.send(new ListObjectsV2Command({ Bucket: bucket })));
    expect(denied).toMatchObject({ name: "AccessDenied", status: 403 });
    expect(denied.message).toContain("with an explicit deny in an identity-based policy");

    await iam.send(new RemoveUserFromGroupCommand({ GroupName: "readers", UserName: "erin" }));
    expect(await sdkError(erin.send(new ListBucketsCommand({})))).toMatchObject({ name: "AccessDenied", status: 403 });
  });
});

describe("ListPolicies", () => {
  it("lists the AWS managed policies by name (how Ansible's iam_group turns a friendly name into an ARN), counting group attachments", async () => {
    const { iam } = await account();
    const all = await iam.send(new ListPoliciesCommand({}));
    expect(all.Policies!.find((policy) => policy.PolicyName === "AmazonS3ReadOnlyAccess")).toMatchObject({ Arn: S3_READ, Path: "/", IsAttachable: true, AttachmentCount: 0 });
    const names = all.Policies!.map((policy) => policy.PolicyName!);
    expect(names).toEqual([...names].sort());
    expect((await iam.send(new ListPoliciesCommand({ Scope: "Local" }))).Policies).toEqual([]);

    await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: S3_READ }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: S3_READ }))).Policy!.AttachmentCount).toBe(1);
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(attached.Policies!.map((policy) => policy.PolicyName)).toEqual(["AdministratorAccess", "AmazonS3ReadOnlyAccess"]);
    expect(await sdkError(iam.send(new ListPoliciesCommand({ Scope: "Mine" as "All" })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    });
  });
});

describe("the AWS CLI", () => {
  it("adds a user to a group and lists the group's members", async () => {
    const { account: alice } = await account();
    const env = cliEnv(alice, server.endpoint);
    for (const args of [
      ["iam", "create-group", "--group-name", "ops"],
      ["iam", "create-user", "--user-name", "frank"],
      ["iam", "add-user-to-group", "--group-name", "ops", "--user-name", "frank"],
    ]) {
      expect((await runAwsCli(args, env)).code).toBe(0);
    }
    const members = await runAwsCli(["iam", "get-group", "--group-name", "ops", "--query", "Users[].UserName", "--output", "json"], env);
    expect(JSON.parse(members.stdout)).toEqual(["frank"]);
  }, 120_000);
});
