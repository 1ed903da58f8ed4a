/** GetUser and ListUsers. */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import type { IamState, IamUser } from "../model/users";
import { targetUser } from "./params";

function userXml(user: IamUser) {
  return { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate };
}

const getUser: QueryOperation<IamState> = {
  mutates: false,
  run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    if (user) return { User: userXml(user) };
    // The root user: IAM reports the account id as its UserId and no name or path.
    return { User: { UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: state.users[0]?.createDate } };
  },
};

const listUsers: QueryOperation<IamState> = {
  mutates: false,
  run: (_params, _ctx, state) => ({ Users: state.users.map(userXml), IsTruncated: false }),
};

export const userOperations = { GetUser: getUser, ListUsers: listUsers };
