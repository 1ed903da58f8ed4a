/** CreateAccessKey (the secret is returned this once), ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
import { enumOf, integer, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { accessKeysOf, createAccessKey, deleteAccessKey, setAccessKeyStatus, type AccessKeyRow, type AccessKeyStatus } from "../model/access-keys";
import { validationErrorEnum, validationErrorPattern } from "../model/errors";
import type { IamState } from "../model/types";
import { requiredString, targetUser } from "./params";

function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function keyMetadata(row: AccessKeyRow) {
  return { UserName: row.userName ?? undefined, AccessKeyId: row.accessKeyId, Status: row.status, CreateDate: isoSeconds(row.createdAt) };
}

function statusParam(value: string): AccessKeyStatus {
  if (value !== "Active" && value !== "Inactive") {
    throw validationErrorEnum("status", value, ["Active", "Inactive"]);
  }
  return value;
}

function accessKeyIdParam(params: Parameters<QueryOperation<IamState>["run"]>[0]): string {
  const id = requiredString(params, "AccessKeyId");
  if (!/^[\w]{16,128}$/.test(id)) {
    throw validationErrorPattern("accessKeyId", id, "[\\w]+");
  }
  return id;
}

/** Key changes run with mutates: false: the IAM document does not change, the keys table does (in its own transaction). */
/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateAccessKey: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
  },
  ListAccessKeys: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  UpdateAccessKey: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
    AccessKeyId: required(string({ minLength: 16, maxLength: 128, pattern: "[\\w]+" })),
    // The model's StatusType also lists Expired, which a key cannot be set to; IAM's answer names these two.
    Status: required(enumOf(["Active", "Inactive"])),
  },
  DeleteAccessKey: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
    AccessKeyId: required(string({ minLength: 16, maxLength: 128, pattern: "[\\w]+" })),
  },
} satisfies Record<string, InputMembers>;

const createKey: QueryOperation<IamState> = {
  input: INPUTS.CreateAccessKey,
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const row = await createAccessKey(ctx.accountId, user?.userName ?? null);
    const { UserName, AccessKeyId, Status, CreateDate } = keyMetadata(row);
    return { AccessKey: { UserName, AccessKeyId, Status, SecretAccessKey: row.secretAccessKey, CreateDate } };
  },
};

const listKeys: QueryOperation<IamState> = {
  input: INPUTS.ListAccessKeys,
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const rows = await accessKeysOf(ctx.accountId, user?.userName ?? null);
    return { AccessKeyMetadata: rows.map(keyMetadata), IsTruncated: false, UserName: user?.userName };
  },
};

const updateKey: QueryOperation<IamState> = {
  input: INPUTS.UpdateAccessKey,
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const id = accessKeyIdParam(params);
    await setAccessKeyStatus(ctx.accountId, user?.userName ?? null, id, statusParam(requiredString(params, "Status")));
    return undefined;
  },
};

const deleteKey: QueryOperation<IamState> = {
  input: INPUTS.DeleteAccessKey,
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    await deleteAccessKey(ctx.accountId, user?.userName ?? null, accessKeyIdParam(params));
    return undefined;
  },
};

export const accessKeyOperations = {
  CreateAccessKey: createKey,
  ListAccessKeys: listKeys,
  UpdateAccessKey: updateKey,
  DeleteAccessKey: deleteKey,
};
