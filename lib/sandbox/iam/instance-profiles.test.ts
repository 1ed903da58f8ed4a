/** IAM instance profiles through the real @aws-sdk/client-iam and the AWS CLI v2 (what Ansible's iam_role and Terraform's aws_iam_instance_profile call). */
import { describe, expect, it } from "vitest";
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { iamClient, sdkError } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli, type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

async function account(): Promise<{ account: TestAccount; iam: IAMClient }> {
  const created = await server.newAccount();
  return { account: created, iam: iamClient(server.endpoint, created.credentials) };
}

const trustEc2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

describe("instance profiles", () => {
  it("creates a profile, puts one role in it (a second exceeds IAM's quota) and shows it", async () => {
    const { account: alice, iam } = await account();
    const { InstanceProfile } = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web", Path: "/lab/", Tags: [{ Key: "lab", Value: "2" }] }));
    expect(InstanceProfile).toMatchObject({
      Path: "/lab/",
      InstanceProfileName: "web",
      Arn: `arn:aws:iam::${alice.accountId}:instance-profile/lab/web`,
      Roles: [],
      Tags: [{ Key: "lab", Value: "2" }],
    });
    expect(InstanceProfile!.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(await sdkError(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "WEB" })))).toMatchObject({
      name: "EntityAlreadyExistsException",
      status: 409,
      message: "Instance Profile WEB already exists.",
    });

    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "web-role", AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new CreateRoleCommand({ RoleName: "other-role", AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "web-role" }));
    expect(await sdkError(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "other-role" })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
    });

    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "web" }))).InstanceProfile!;
    expect(got.Roles).toHaveLength(1);
    expect(got.Roles![0]).toMatchObject({ RoleName: "web-role", RoleId: Role!.RoleId, Arn: Role!.Arn, Path: "/" });
    expect(decodeURIComponent(got.Roles![0].AssumeRolePolicyDocument!)).toBe(trustEc2);
    expect((await iam.send(new ListInstanceProfilesCommand({ PathPrefix: "/lab/" }))).InstanceProfiles!.map((profile) => profile.InstanceProfileName)).toEqual(["web"]);
    expect((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: "web-role" }))).InstanceProfiles!.map((profile) => profile.Arn)).toEqual([got.Arn]);
    expect((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: "other-role" }))).InstanceProfiles).toEqual([]);

    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: "web", Tags: [{ Key: "owner", Value: "me" }] }));
    expect((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: "web" }))).Tags).toEqual([
      { Key: "lab", Value: "2" },
      { Key: "owner", Value: "me" },
    ]);
  });

  it("refuses to delete a role in a profile and a profile holding a role, until the role is removed", async () => {
    const { iam } = await account();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "app" }));
    await iam.send(new CreateRoleCommand({ RoleName: "app-role", AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "app", RoleName: "app-role" }));
    const conflict = { name: "DeleteConflictException", status: 409, message: "Cannot delete entity, must remove roles from instance profile first." };
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: "app-role" })))).toMatchObject(conflict);
    expect(await sdkError(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "app" })))).toMatchObject(conflict);

    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "app", RoleName: "app-role" }));
    expect(await sdkError(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "app", RoleName: "app-role" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The role with name app-role cannot be found.",
    });
    await iam.send(new DeleteRoleCommand({ RoleName: "app-role" }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "app" }));
    expect(await sdkError(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "app" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "Instance Profile app cannot be found.",
    });
    expect(await sdkError(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: "app-role" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "The role with name app-role cannot be found.",
    });
  });
});

describe("the AWS CLI", () => {
  it("tears a role down the way Ansible's iam_role state=absent does: profiles for the role, remove, delete", async () => {
    const { account: alice, iam } = await account();
    const env = cliEnv(alice, server.endpoint);
    await iam.send(new CreateRoleCommand({ RoleName: "ansible-role", AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "ansible-role" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "ansible-role", RoleName: "ansible-role" }));
    const listed = await runAwsCli(["iam", "list-instance-profiles-for-role", "--role-name", "ansible-role", "--query", "InstanceProfiles[].InstanceProfileName", "--output", "json"], env);
    expect(JSON.parse(listed.stdout)).toEqual(["ansible-role"]);
    for (const args of [
      ["iam", "remove-role-from-instance-profile", "--instance-profile-name", "ansible-role", "--role-name", "ansible-role"],
      ["iam", "delete-instance-profile", "--instance-profile-name", "ansible-role"],
      ["iam", "delete-role", "--role-name", "ansible-role"],
    ]) {
      expect((await runAwsCli(args, env)).code).toBe(0);
    }
  }, 120_000);
});
