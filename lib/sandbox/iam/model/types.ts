/**
 * The shapes of IAM's per-account state document (users, groups, roles, instance profiles), apart
 * from the modules that change them: each of those reads the others' shapes, so they live in a
 * leaf module that imports none of them.
 */
import type { IamTag } from "./tags";

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
  /** Absent on users written before users could be tagged. */
  tags?: IamTag[];
  /** An AWS managed policy set as the user's permissions boundary (CreateUser's PermissionsBoundary). */
  permissionsBoundaryArn?: string;
}

export interface IamState {
  users: IamUser[];
  /** Absent in states written before the sandbox had roles (see rolesOf). */
  roles?: IamRole[];
  /** Absent in states written before the sandbox had groups (see groupsOf). */
  groups?: IamGroup[];
  /** Absent in states written before the sandbox had instance profiles (see instanceProfilesOf). */
  instanceProfiles?: IamInstanceProfile[];
  /** The account's alias (IAM keeps at most one); absent: none. */
  accountAliases?: string[];
}

export interface IamGroup {
  groupName: string;
  groupId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  /** Members by user name, in the order they joined. */
  userNames: string[];
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicy[];
}

export interface IamRole {
  roleName: string;
  /** "AROA" + 17 characters, random per role (a role deleted and created again gets a new id, as on AWS). */
  roleId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  /** The trust policy as the client sent it (decoded). */
  assumeRolePolicyDocument: string;
  description: string;
  /** Seconds, 3600–43200. */
  maxSessionDuration: number;
  /** An AWS managed policy set as the role's permissions boundary (CreateRole's PermissionsBoundary). */
  permissionsBoundaryArn?: string;
  attachedPolicyArns: string[];
  inlinePolicies: InlinePolicy[];
  tags: { Key: string; Value: string }[];
}

export interface IamInstanceProfile {
  instanceProfileName: string;
  instanceProfileId: string;
  path: string;
  arn: string;
  /** ISO 8601. */
  createDate: string;
  /** At most one (IAM's InstanceSessionsPerInstanceProfile quota, which AWS does not raise). */
  roleNames: string[];
  tags: IamTag[];
}
