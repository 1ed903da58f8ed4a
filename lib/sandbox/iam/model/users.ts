/** IAM's per-account state: its users with their attached and inline policies. */
import crypto from "node:crypto";
import { AwsError } from "@/lib/sandbox/core/errors";
import { LAB_USER_NAME } from "@/lib/sandbox/accounts";
import { ADMINISTRATOR_ACCESS_ARN } from "./managed-policies";
import type { IamRole } from "./roles";

export interface InlinePolicy {
  name: string;
  /** The document as the client sent it (decoded). */
  document: string;
}

export interface IamUser {
  userName: string;
  userId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicy[];
}

export interface IamState {
  users: IamUser[];
  /** Absent in states written before the sandbox had roles (see rolesOf). */
  roles?: IamRole[];
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The IAM unique id of a user ("AIDA" + 17 characters), derived from the account and name so
 * STS and the simulated instances can name it without reading IAM's state. (The sandbox has no
 * CreateUser/DeleteUser, so a name never gets a second id, which is what a random id would guard against.)
 */
export function userIdFor(accountId: string, userName: string): string {
  const digest = crypto.createHash("sha256").update(`${accountId}/${userName}`).digest();
  let id = "AIDA";
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[digest[i] % 32];
  return id;
}

export function userArn(accountId: string, userName: string, path = "/"): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}

/**
 * A new account's IAM: the student's user `lab-user` with AdministratorAccess attached. Students
 * own their sandbox account, as they would their own AWS account's admin user; they may detach it
 * to see what a narrower policy allows.
 */
export function initialIamState(accountId: string, now: number): IamState {
  return {
    users: [
      {
        userName: LAB_USER_NAME,
        userId: userIdFor(accountId, LAB_USER_NAME),
        path: "/",
        arn: userArn(accountId, LAB_USER_NAME),
        createDate: new Date(Math.floor(now / 1000) * 1000).toISOString(),
        attachedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
        inlinePolicies: [],
      },
    ],
    roles: [],
  };
}

export function noSuchUser(userName: string): AwsError {
  return new AwsError("NoSuchEntity", `The user with name ${userName} cannot be found.`, 404);
}

export function findUser(state: IamState, userName: string): IamUser | undefined {
  return state.users.find((user) => user.userName === userName);
}

export function userOrThrow(state: IamState, userName: string): IamUser {
  const user = findUser(state, userName);
  if (!user) throw noSuchUser(userName);
  return user;
}
