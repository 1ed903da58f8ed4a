/** IAM roles through the real @aws-sdk/client-iam and the AWS CLI v2: the role docs/real-aws.md asks students to create. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type CreateRoleCommandInput,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { getDb } from "@/lib/db/client";
import { sandboxState } from "@/lib/db/schema";
import { forgetCachedStates, peekState } from "@/lib/sandbox/core/state-store";
import { iamClient, sdkError } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { IamState } from "./model/types";

let server: SandboxServer;
let dir: string;

beforeAll(async () => {
  server = await startSandboxServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-iam-roles-"));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function account(): Promise<{ account: TestAccount; iam: IAMClient }> {
  const created = await server.newAccount();
  return { account: created, iam: iamClient(server.endpoint, created.credentials) };
}

const trustEc2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

function trustAccount(accountId: string, externalId = "vpclab-0123456789abcdef"): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } } },
    ],
  });
}

function createRole(iam: IAMClient, input: Partial<CreateRoleCommandInput> & { RoleName: string }) {
  return iam.send(new CreateRoleCommand({ AssumeRolePolicyDocument: trustEc2, ...input }));
}

/** Rewrites an account's stored IAM document, as if written by an earlier sandbox (or grown over time). */
async function rewriteIamState(accountId: string, change: (state: IamState) => unknown): Promise<void> {
  const current = structuredClone((await peekState(accountId, "iam", null)) as IamState);
  const db = await getDb();
  await db
    .update(sandboxState)
    .set({ document: JSON.stringify(change(current)), version: sql`${sandboxState.version} + 1` })
    .where(and(eq(sandboxState.accountId, accountId), eq(sandboxState.service, "iam")));
  forgetCachedStates();
}

const EPOCH_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;

describe("roles", () => {
  it("creates a role and answers CreateRole, GetRole and ListRoles with IAM's fields", async () => {
    const { account: alice, iam } = await account();
    const tags = [{ Key: "vpclab:lab", Value: "peering" }];
    const { Role: created } = await createRole(iam, { RoleName: "VpcLabConsole", Path: "/vpclab/", Description: "The console's role", MaxSessionDuration: 7200, Tags: tags });
    const arn = `arn:aws:iam::${alice.accountId}:role/vpclab/VpcLabConsole`;
    // CreateRole answers without Description, MaxSessionDuration and RoleLastUsed, as IAM does.
    expect(Object.keys(created!).sort()).toEqual(["Arn", "AssumeRolePolicyDocument", "CreateDate", "Path", "RoleId", "RoleName", "Tags"]);
    expect(created).toMatchObject({ Path: "/vpclab/", RoleName: "VpcLabConsole", Arn: arn, Tags: tags });
    expect(created!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(created!.CreateDate).toBeInstanceOf(Date);
    expect(created!.CreateDate!.toISOString()).toMatch(EPOCH_SECONDS);
    // IAM sends policy documents URL-encoded; the SDK passes them on as they are.
    expect(decodeURIComponent(created!.AssumeRolePolicyDocument!)).toBe(trustEc2);

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: "vpclabconsole" }));
    expect(Role).toEqual({
      Path: "/vpclab/",
      RoleName: "VpcLabConsole",
      RoleId: created!.RoleId,
      Arn: arn,
      CreateDate: created!.CreateDate,
      AssumeRolePolicyDocument: created!.AssumeRolePolicyDocument,
      Description: "The console's role",
      MaxSessionDuration: 7200,
      Tags: tags,
      RoleLastUsed: {},
    });

    await createRole(iam, { RoleName: "another" });
    const listed = await iam.send(new ListRolesCommand({}));
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Roles!.map((role) => role.RoleName)).toEqual(["another", "VpcLabConsole"]);
    // ListRoles leaves out tags and RoleLastUsed.
    expect(listed.Roles![1]).toEqual({ ...Role, Tags: undefined, RoleLastUsed: undefined });
    expect(listed.Roles![0]).not.toHaveProperty("Description");
    expect(listed.Roles![0]).toMatchObject({ Path: "/", MaxSessionDuration: 3600, Arn: `arn:aws:iam::${alice.accountId}:role/another` });
  });

  it("updates the description, session duration and trust policy, then deletes the role", async () => {
    const { account: alice, iam } = await account();
    const { Role: created } = await createRole(iam, { RoleName: "console", Description: "first" });
    const before = created!.RoleId;
    expect((await iam.send(new UpdateRoleCommand({ RoleName: "console", MaxSessionDuration: 43_200 }))).$metadata.httpStatusCode).toBe(200);
    let role = (await iam.send(new GetRoleCommand({ RoleName: "console" }))).Role!;
    expect(role).toMatchObject({ Description: "first", MaxSessionDuration: 43_200 });

    const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: "console", Description: "second" }));
    expect(Object.keys(described.Role!).sort()).toEqual(["Arn", "AssumeRolePolicyDocument", "CreateDate", "Description", "Path", "RoleId", "RoleName"]);
    expect(described.Role!.Description).toBe("second");

    const trust = trustAccount(alice.accountId);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "console", PolicyDocument: trust }));
    role = (await iam.send(new GetRoleCommand({ RoleName: "console" }))).Role!;
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(trust);
    expect(role).toMatchObject({ Description: "second", MaxSessionDuration: 43_200 });

    await iam.send(new DeleteRoleCommand({ RoleName: "Console" }));
    expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: "console" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "The role with name console cannot be found.",
    });
    // A role created again under the same name is a new role, with a new id.
    expect((await createRole(iam, { RoleName: "console" })).Role!.RoleId).not.toBe(before);
  });

  it("answers NoSuchEntity for an unknown role in every role operation", async () => {
    const { iam } = await account();
    const missing = { name: "NoSuchEntityException", status: 404, message: "The role with name ghost cannot be found." };
    const calls = [
      new GetRoleCommand({ RoleName: "ghost" }),
      new DeleteRoleCommand({ RoleName: "ghost" }),
      new UpdateRoleCommand({ RoleName: "ghost", Description: "x" }),
      new UpdateAssumeRolePolicyCommand({ RoleName: "ghost", PolicyDocument: trustEc2 }),
      new TagRoleCommand({ RoleName: "ghost", Tags: [{ Key: "a", Value: "b" }] }),
      new UntagRoleCommand({ RoleName: "ghost", TagKeys: ["a"] }),
      new ListRoleTagsCommand({ RoleName: "ghost" }),
      new AttachRolePolicyCommand({ RoleName: "ghost", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
      new ListAttachedRolePoliciesCommand({ RoleName: "ghost" }),
      new PutRolePolicyCommand({ RoleName: "ghost", PolicyName: "p", PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}' }),
      new ListRolePoliciesCommand({ RoleName: "ghost" }),
    ];
    for (const command of calls) expect(await sdkError(iam.send(command as never)), command.constructor.name).toMatchObject(missing);
  });

  it("refuses a taken name (in any case) and names, paths, durations and descriptions IAM refuses", async () => {
    const { iam } = await account();
    await createRole(iam, { RoleName: "VpcLabConsole" });
    expect(await sdkError(createRole(iam, { RoleName: "vpclabconsole" }))).toMatchObject({
      name: "EntityAlreadyExistsException",
      status: 409,
      message: "Role with name vpclabconsole already exists.",
    });
    const cases: [Partial<CreateRoleCommandInput> & { RoleName: string }, string][] = [
      [{ RoleName: "has space" }, "1 validation error detected: Value 'has space' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"],
      [{ RoleName: "r".repeat(65) }, `1 validation error detected: Value '${"r".repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`],
      [{ RoleName: "ok", Path: "vpclab" }, "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."],
      [{ RoleName: "ok", MaxSessionDuration: 3599 }, "1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"],
      [{ RoleName: "ok", MaxSessionDuration: 43_201 }, "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"],
      [{ RoleName: "ok", Description: "d".repeat(1001) }, `1 validation error detected: Value '${"d".repeat(1001)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000`],
    ];
    for (const [input, message] of cases) {
      expect(await sdkError(createRole(iam, input)), JSON.stringify(input)).toMatchObject({ name: "ValidationError", status: 400, message });
    }
    expect((await iam.send(new ListRolesCommand({}))).Roles!.map((role) => role.RoleName)).toEqual(["VpcLabConsole"]);
  });

  it("validates the trust policy as IAM validates one", async () => {
    const { account: alice, iam } = await account();
    const statement = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${alice.accountId}:root` }, Action: "sts:AssumeRole" };
    const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const cases: [string, string][] = [
      ['{"Version": "2012-10-17", "Statement": [', "This policy contains invalid Json"],
      [policy({ ...statement, Resource: "*" }), "Has prohibited field Resource"],
      [policy({ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }), "Has prohibited field Resource"],
      [
        policy({ Effect: "Allow", Action: "sts:AssumeRole" }),
        "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!",
      ],
      [policy({ ...statement, Action: "s3:GetObject" }), "AssumeRole policy may only specify STS AssumeRole actions."],
      [policy({ ...statement, Principal: { AWS: "bob" } }), 'Invalid principal in policy: "AWS":"bob"'],
      [policy({ ...statement, Principal: { AWS: `arn:aws:iam::${alice.accountId}:role/NoSuchRole` } }), `Invalid principal in policy: "AWS":"arn:aws:iam::${alice.accountId}:role/NoSuchRole"`],
      [policy({ ...statement, Principal: { Service: "amazonaws.com" } }), 'Invalid principal in policy: "SERVICE":"amazonaws.com"'],
      [policy({ ...statement, Principal: "*" }), 'AssumeRolepolicy contained an invalid principal: "STAR":"*".'],
      [policy({ ...statement, Sid: "a" }, { ...statement, Sid: "a" }), "Statement IDs (SID) in a single policy must be unique."],
    ];
    for (const [document, message] of cases) {
      expect(await sdkError(createRole(iam, { RoleName: "r", AssumeRolePolicyDocument: document })), document).toMatchObject({
        name: "MalformedPolicyDocumentException",
        status: 400,
        message,
      });
    }
    // Principals that exist: the account, its user, "*" with a condition, an account id.
    const accepted = policy(
      { ...statement, Principal: { AWS: [`arn:aws:iam::${alice.accountId}:user/lab-user`, "123456789012", "*"] }, Condition: { StringEquals: { "sts:ExternalId": "x-1" } } },
      { Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "ssm.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    );
    await createRole(iam, { RoleName: "r", AssumeRolePolicyDocument: accepted });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: policy({ ...statement, Principal: { AWS: `arn:aws:iam::${alice.accountId}:role/r` } }) }));
    expect(await sdkError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: policy({ ...statement, Resource: "*" }) })))).toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: "Has prohibited field Resource",
    });
    const large = policy(...Array.from({ length: 30 }, (_, i) => ({ ...statement, Sid: `Statement${i}` })));
    expect(await sdkError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: large })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for ACLSizePerRole: 2048",
    });
  });

  it("lists roles under a path prefix, a page at a time", async () => {
    const { iam } = await account();
    for (const name of ["delta", "Alpha", "charlie", "bravo"]) await createRole(iam, { RoleName: name, Path: name === "delta" ? "/other/" : "/lab/" });
    const names = (roles: { RoleName?: string }[] | undefined) => roles!.map((role) => role.RoleName);
    expect(names((await iam.send(new ListRolesCommand({ PathPrefix: "/lab/" }))).Roles)).toEqual(["Alpha", "bravo", "charlie"]);
    expect((await iam.send(new ListRolesCommand({ PathPrefix: "/none/" }))).Roles).toEqual([]);
    const first = await iam.send(new ListRolesCommand({ MaxItems: 3 }));
    expect(names(first.Roles)).toEqual(["Alpha", "bravo", "charlie"]);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListRolesCommand({ MaxItems: 3, Marker: first.Marker }));
    expect({ names: names(second.Roles), truncated: second.IsTruncated, marker: second.Marker }).toEqual({ names: ["delta"], truncated: false, marker: undefined });
    expect(await sdkError(iam.send(new ListRolesCommand({ MaxItems: 0 })))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});

describe("role tags", () => {
  it("tags (a key in any case replaces its value), untags and lists tags", async () => {
    const { iam } = await account();
    await createRole(iam, { RoleName: "tagged", Tags: [{ Key: "Owner", Value: "alice" }] });
    await iam.send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "owner", Value: "bob" }, { Key: "lab", Value: "" }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "tagged" })))).toMatchObject({ Tags: [{ Key: "Owner", Value: "bob" }, { Key: "lab", Value: "" }], IsTruncated: false });
    await iam.send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["OWNER", "not-there"] }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "tagged" }))).Role!.Tags).toEqual([{ Key: "lab", Value: "" }]);
  });

  it("refuses duplicate keys, keys and values IAM refuses, and a 51st tag", async () => {
    const { iam } = await account();
    expect(await sdkError(createRole(iam, { RoleName: "t", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] }))).toMatchObject({
      name: "InvalidInputException",
      status: 400,
      message: "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    });
    expect(await sdkError(createRole(iam, { RoleName: "t", Tags: [{ Key: "k".repeat(129), Value: "v" }] }))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    });
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect(await sdkError(createRole(iam, { RoleName: "t", Tags: [...fifty, { Key: "one-more", Value: "v" }] }))).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    });
    await createRole(iam, { RoleName: "t", Tags: fifty });
    expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: "t", Tags: [{ Key: "one-more", Value: "v" }] })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for TagsPerRole: 50",
    });
    const page = await iam.send(new ListRoleTagsCommand({ RoleName: "t", MaxItems: 40 }));
    expect(page.Tags).toHaveLength(40);
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "t", Marker: page.Marker }))).Tags).toEqual(fifty.slice(40));
  });
});

describe("role policies", () => {
  it("attaches, lists and detaches AWS managed policies; GetPolicy counts the role", async () => {
    const { iam } = await account();
    await createRole(iam, { RoleName: "reader" });
    const readOnly = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    await iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: readOnly }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: readOnly }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "reader" })))).toMatchObject({
      AttachedPolicies: [{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: readOnly }],
      IsTruncated: false,
    });
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: readOnly }))).Policy!.AttachmentCount).toBe(1);
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: "reader" })))).toMatchObject({
      name: "DeleteConflictException",
      status: 409,
      message: "Cannot delete entity, must detach all policies first.",
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: "reader", PolicyArn: readOnly }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "reader" }))).AttachedPolicies).toEqual([]);
    expect(await sdkError(iam.send(new DetachRolePolicyCommand({ RoleName: "reader", PolicyArn: readOnly })))).toMatchObject({
      name: "NoSuchEntityException",
      message: `Policy ${readOnly} was not found.`,
    });
    expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" })))).toMatchObject({
      name: "NoSuchEntityException",
      message: "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    });
    expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: "AmazonS3ReadOnlyAccess" })))).toMatchObject({
      name: "InvalidInputException",
      message: "ARN AmazonS3ReadOnlyAccess is not valid.",
    });
    await iam.send(new DeleteRoleCommand({ RoleName: "reader" }));
  });

  it("refuses an 11th managed policy on a role", async () => {
    const { account: alice, iam } = await account();
    await createRole(iam, { RoleName: "full" });
    // The sandbox knows fewer than ten AWS managed policies, so the role is brought to the quota in its stored state.
    const ten = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/Attached${i}`);
    await rewriteIamState(alice.accountId, (state) => ({ ...state, roles: state.roles!.map((role) => ({ ...role, attachedPolicyArns: ten })) }));
    expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: "full", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for PoliciesPerRole: 10",
    });
  });

  it("puts, gets (URL-encoded), lists and deletes inline policies, within the role's 10,240 characters", async () => {
    const { iam } = await account();
    await createRole(iam, { RoleName: "inline" });
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*" }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "read-vpcs", PolicyDocument: document }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "also", PolicyDocument: document }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: "inline", PolicyName: "read-vpcs" }));
    expect(got).toMatchObject({ RoleName: "inline", PolicyName: "read-vpcs" });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(document);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "inline" })))).toMatchObject({ PolicyNames: ["also", "read-vpcs"], IsTruncated: false });

    const large = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: Array(700).fill("s3:GetObject"), Resource: "*" }] });
    expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "large", PolicyDocument: large })))).toMatchObject({
      name: "LimitExceededException",
      status: 409,
      message: "Maximum policy size of 10240 bytes exceeded for role inline",
    });
    expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "p", PolicyDocument: trustEc2 })))).toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: "Policy document should not specify a principal.",
    });
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: "inline" })))).toMatchObject({
      name: "DeleteConflictException",
      status: 409,
      message: "Cannot delete entity, must delete policies first.",
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "inline", PolicyName: "read-vpcs" }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "inline", PolicyName: "also" }));
    expect(await sdkError(iam.send(new GetRolePolicyCommand({ RoleName: "inline", PolicyName: "also" })))).toMatchObject({
      name: "NoSuchEntityException",
      status: 404,
      message: "The role policy with name also cannot be found.",
    });
    await iam.send(new DeleteRoleCommand({ RoleName: "inline" }));
  });
});

describe("stored states from before roles", () => {
  it("lists no roles and creates one in an IAM state that has no roles key", async () => {
    const { account: alice, iam } = await account();
    await iam.send(new ListRolesCommand({}));
    await rewriteIamState(alice.accountId, ({ users }) => ({ users }));
    expect(await peekState(alice.accountId, "iam", null)).not.toHaveProperty("roles");
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: "any" })))).toMatchObject({ name: "NoSuchEntityException" });
    await createRole(iam, { RoleName: "first" });
    expect((await iam.send(new ListRolesCommand({}))).Roles!.map((role) => role.RoleName)).toEqual(["first"]);
  });
});

describe("aws iam (CLI v2)", () => {
  async function aws(args: string[], env: ReturnType<typeof cliEnv>): Promise<string> {
    const result = await runAwsCli(args, env);
    if (result.code !== 0) throw new Error(`aws ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  }

  it("creates the role docs/real-aws.md describes and gives it the console's policy inline", { timeout: 60_000 }, async () => {
    const student = await server.newAccount();
    const consoleAccount = await server.newAccount();
    const env = cliEnv(student, server.endpoint);
    const externalId = `vpclab-${crypto.randomBytes(16).toString("hex")}`;
    const trustText = fs
      .readFileSync(path.join(process.cwd(), "docs", "real-aws-trust-policy.json"), "utf8")
      .replace("CONSOLE_ACCOUNT_ID", consoleAccount.accountId)
      .replace("YOUR_EXTERNAL_ID_FROM_THE_ACCESS_KEYS_PAGE", externalId);
    const trustFile = path.join(dir, "trust-policy.json");
    fs.writeFileSync(trustFile, trustText);

    const created = JSON.parse(
      await aws(["iam", "create-role", "--role-name", "VpcLabConsole", "--assume-role-policy-document", `file://${trustFile}`, "--description", "VPC Lab console"], env),
    ).Role;
    const arn = `arn:aws:iam::${student.accountId}:role/VpcLabConsole`;
    // The CLI decodes the URL-encoded document into JSON.
    expect(created).toMatchObject({ Path: "/", RoleName: "VpcLabConsole", Arn: arn, AssumeRolePolicyDocument: JSON.parse(trustText) });
    expect(created.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${consoleAccount.accountId}:root` },
      Condition: { StringEquals: { "sts:ExternalId": externalId } },
    });

    const policyFile = path.join(process.cwd(), "docs", "real-aws-policy.json");
    expect(await aws(["iam", "put-role-policy", "--role-name", "VpcLabConsole", "--policy-name", "VpcLabConsole", "--policy-document", `file://${policyFile}`], env)).toBe("");
    const inline = JSON.parse(await aws(["iam", "get-role-policy", "--role-name", "VpcLabConsole", "--policy-name", "VpcLabConsole"], env));
    expect(inline).toEqual({ RoleName: "VpcLabConsole", PolicyName: "VpcLabConsole", PolicyDocument: JSON.parse(fs.readFileSync(policyFile, "utf8")) });

    const role = JSON.parse(await aws(["iam", "get-role", "--role-name", "VpcLabConsole"], env)).Role;
    expect(role).toMatchObject({ Arn: arn, Description: "VPC Lab console", MaxSessionDuration: 3600, RoleLastUsed: {} });
    expect(role.RoleId).toBe(created.RoleId);
  });

  it("pages through list-roles and reports IAM's errors", { timeout: 60_000 }, async () => {
    const student = await server.newAccount();
    const env = cliEnv(student, server.endpoint);
    for (const name of ["one", "two", "three"]) {
      await aws(["iam", "create-role", "--role-name", name, "--assume-role-policy-document", trustEc2, "--path", "/cli/"], env);
    }
    // The CLI follows Marker until IsTruncated is false.
    const listed = JSON.parse(await aws(["iam", "list-roles", "--path-prefix", "/cli/", "--page-size", "1"], env)).Roles;
    expect(listed.map((role: { RoleName: string }) => role.RoleName)).toEqual(["one", "three", "two"]);

    const withResource = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Resource: "*" }] });
    const refused = await runAwsCli(["iam", "create-role", "--role-name", "bad", "--assume-role-policy-document", withResource], env);
    expect(refused.code).toBe(254);
    expect(refused.stderr.trim()).toBe("An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Has prohibited field Resource");
    const taken = await runAwsCli(["iam", "create-role", "--role-name", "ONE", "--assume-role-policy-document", trustEc2], env);
    expect(taken.stderr.trim()).toBe("An error occurred (EntityAlreadyExists) when calling the CreateRole operation: Role with name ONE already exists.");
  });
});
