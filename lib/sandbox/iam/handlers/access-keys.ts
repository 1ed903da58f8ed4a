/** CreateAccessKey (the secret is returned this once), ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { accessKeysOf, createAccessKey, deleteAccessKey, setAccessKeyStatus, type AccessKeyRow, type AccessKeyStatus } from "../model/access-keys";
import { validationError } from "../model/errors";
import type { IamState } from "../model/users";
import { requiredString, targetUser } from "./params";

function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function keyMetadata(row: AccessKeyRow) {
  return { UserName: row.userName ?? undefined, AccessKeyId: row.accessKeyId, Status: row.status, CreateDate: isoSeconds(row.createdAt) };
}

function statusParam(value: string): AccessKeyStatus {
  if (value !== "Active" && value !== "Inactive") {
    throw validationError(`Value '${value}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
  }
  return value;
}

function accessKeyIdParam(params: Parameters<QueryOperation<IamState>["run"]>[0]): string {
  const id = requiredString(params, "AccessKeyId");
  if (!/^[\w]{16,128}$/.test(id)) {
    throw validationError(`Value '${id}' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+`);
  }
  return id;
}

/** Key changes run with mutates: false: the IAM document does not change, the keys table does (in its own transaction). */
const createKey: QueryOperation<IamState> = {
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const row = await createAccessKey(ctx.accountId, user?.userName ?? null);
    const { UserName, AccessKeyId, Status, CreateDate } = keyMetadata(row);
    return { AccessKey: { UserName, AccessKeyId, Status, SecretAccessKey: row.secretAccessKey, CreateDate } };
  },
};

const listKeys: QueryOperation<IamState> = {
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const rows = await accessKeysOf(ctx.accountId, user?.userName ?? null);
    return { AccessKeyMetadata: rows.map(keyMetadata), IsTruncated: false, UserName: user?.userName };
  },
};

const updateKey: QueryOperation<IamState> = {
  mutates: false,
  async run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    const id = accessKeyIdParam(params);
    await setAccessKeyStatus(ctx.accountId, user?.userName ?? null, id, statusParam(requiredString(params, "Status")));
    return undefined;
  },
};

const deleteKey: QueryOperation<IamState> = {
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
