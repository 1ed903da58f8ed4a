/** GetUser and ListUsers. */
import { integer, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import type { IamState, IamUser } from "../model/users";
import { targetUser } from "./params";

function userXml(user: IamUser) {
  return { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate };
}

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  GetUser: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
  },
  ListUsers: {
    PathPrefix: string({ minLength: 1, maxLength: 512 }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

const getUser: QueryOperation<IamState> = {
  input: INPUTS.GetUser,
  mutates: false,
  run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    if (user) return { User: userXml(user) };
    // The root user: IAM reports the account id as its UserId and no name or path.
    return { User: { UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: state.users[0]?.createDate } };
  },
};

const listUsers: QueryOperation<IamState> = {
  input: INPUTS.ListUsers,
  mutates: false,
  run: (_params, _ctx, state) => ({ Users: state.users.map(userXml), IsTruncated: false }),
};

export const userOperations = { GetUser: getUser, ListUsers: listUsers };
