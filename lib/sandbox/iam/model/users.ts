/** IAM's users with their attached and inline policies (the state's shapes are in types.ts). */
import crypto from "node:crypto";
import { AwsError } from "@/lib/sandbox/core/errors";
import { LAB_USER_NAME } from "@/lib/sandbox/accounts";
import { ADMINISTRATOR_ACCESS_ARN } from "./managed-policies";
import { noSuchEntityNamed } from "@/lib/sandbox/iam/model/errors";
import type { IamState, IamUser } from "./types";




const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The IAM unique id of the account's first user, lab-user ("AIDA" + 17 characters), derived from
 * the account and name. Users made by CreateUser get a random id (newUserId), as IAM gives a user
 * made again under an old name a new id; the id is read from IAM's state (see userIdOf).
 */
export function userIdFor(accountId: string, userName: string): string {
  const digest = crypto.createHash("sha256").update(`${accountId}/${userName}`).digest();
  let id = "AIDA";
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[digest[i] % 32];
  return id;
}

export function newUserId(): string {
  let id = "AIDA";
  for (const byte of crypto.randomBytes(17)) id += ID_ALPHABET[byte % 32];
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
  return noSuchEntityNamed("user", userName);
}

export function findUser(state: IamState, userName: string): IamUser | undefined {
  return state.users.find((user) => user.userName === userName);
}

/** IAM user names are unique case-insensitively. */
export function userNameTaken(state: IamState, userName: string): boolean {
  const wanted = userName.toLowerCase();
  return state.users.some((user) => user.userName.toLowerCase() === wanted);
}

/** A user's IAM unique id as the state records it (lab-user's derived one when the user is gone). */
export function userIdOf(state: IamState, accountId: string, userName: string): string {
  return findUser(state, userName)?.userId ?? userIdFor(accountId, userName);
}

export function userOrThrow(state: IamState, userName: string): IamUser {
  const user = findUser(state, userName);
  if (!user) throw noSuchUser(userName);
  return user;
}
