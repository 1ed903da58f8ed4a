/** IAM as the rest of the sandbox sees it: identities with their policies, and who owns a key. */
import type { IdentitySnapshot } from "@/lib/analysis";
import { findAccessKey } from "@/lib/sandbox/accounts";
import type { RoleSession } from "@/lib/sandbox/temporary-credentials";
import type { AccessKeyOwner } from "@/lib/sandbox/hosts/types";
import { groupsOfUser } from "./model/groups";
import { managedPolicy } from "./model/managed-policies";
import type { PolicyHolder } from "./model/policy-holder";
import { findRole } from "./model/roles";
import type { IamRole } from "./model/types";
import { findUser, userArn, userIdFor } from "./model/users";
import type { IamState, IamUser } from "./model/types";
import { currentIamState } from "./state";

/** The documents of a user's, group's or role's attached managed policies and inline policies. */
export function policyDocumentsOf(user: PolicyHolder): string[] {
  const attached = user.attachedPolicyArns.flatMap((arn) => {
    const policy = managedPolicy(arn);
    return policy ? [policy.document] : [];
  });
  return [...attached, ...user.inlinePolicies.map((policy) => policy.document)];
}

function boundaryDocument(holder: IamUser | IamRole): string | undefined {
  return holder.permissionsBoundaryArn ? managedPolicy(holder.permissionsBoundaryArn)?.document : undefined;
}

/** A user's identity: its own policies and those of every group it is in, under its permissions boundary. */
function identityOf(accountId: string, state: IamState, user: IamUser): IdentitySnapshot {
  const policies = [...policyDocumentsOf(user), ...groupsOfUser(state, user.userName).flatMap(policyDocumentsOf)];
  const boundary = boundaryDocument(user);
  return { arn: user.arn, accountId, userName: user.userName, policies, ...(boundary ? { permissionsBoundary: boundary } : {}) };
}

/** Every IAM user of the account with its policy documents. */
export async function identitiesForWorld(accountId: string): Promise<IdentitySnapshot[]> {
  const state = await currentIamState(accountId);
  return state.users.map((user) => identityOf(accountId, state, user));
}

/** One user's identity, or null when the account has no such user. */
export async function userIdentity(accountId: string, userName: string): Promise<IdentitySnapshot | null> {
  const state = await currentIamState(accountId);
  const user = findUser(state, userName);
  return user ? identityOf(accountId, state, user) : null;
}

/**
 * A role session's identity: the session's ARN with the role's policies and permissions boundary
 * (a role deleted since the session began grants nothing, as its policies are gone with it).
 */
export async function roleSessionIdentity(accountId: string, roleName: string, sessionArn: string): Promise<IdentitySnapshot> {
  const role = findRole(await currentIamState(accountId), roleName);
  const boundary = role ? boundaryDocument(role) : undefined;
  return { arn: sessionArn, accountId, userName: roleName, policies: role ? policyDocumentsOf(role) : [], ...(boundary ? { permissionsBoundary: boundary } : {}) };
}

function roleSessionOwner(accountId: string, secretAccessKey: string, session: RoleSession): Promise<AccessKeyOwner> {
  const arn = `arn:aws:sts::${accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
  return roleSessionIdentity(accountId, session.roleName, arn).then((identity) => ({
    arn,
    accountId,
    userId: `${session.roleId}:${session.sessionName}`,
    userName: null,
    secretAccessKey,
    session: { sessionToken: session.sessionToken, expiresAt: session.expiresAt, identity },
  }));
}

/** Who an access key belongs to (the HostServices.resolveAccessKey shape); null for unknown or Inactive keys. */
export async function resolveAccessKeyOwner(accessKeyId: string): Promise<AccessKeyOwner | null> {
  const key = await findAccessKey(accessKeyId);
  if (!key) return null;
  if (key.session) return roleSessionOwner(key.accountId, key.secretAccessKey, key.session);
  const root = key.userName === null;
  const user = root ? undefined : findUser(await currentIamState(key.accountId), key.userName!);
  return {
    arn: root ? `arn:aws:iam::${key.accountId}:root` : (user?.arn ?? userArn(key.accountId, key.userName!)),
    accountId: key.accountId,
    userId: root ? key.accountId : (user?.userId ?? userIdFor(key.accountId, key.userName!)),
    userName: key.userName,
    secretAccessKey: key.secretAccessKey,
  };
}
