/**
 * An instance's role credentials, as IMDS hands them to the AWS CLI on an instance whose instance
 * profile holds a role: temporary credentials for a session of the role named after the instance,
 * kept until a few minutes before they expire (then IMDS has new ones), so each `aws` command on
 * the host does not start a session of its own.
 */
import { processSingleton } from "@/lib/process-singleton";
import { peekState } from "./core/state-store";
import { associationOfInstance } from "./ec2/model/iam-instance-profiles";
import type { Ec2State } from "./ec2/model/types";
import { findRole } from "./iam/model/roles";
import type { IamRole } from "./iam/model/types";
import { currentIamState } from "./iam/state";
import { issueTemporaryCredentials, type TemporaryCredentials } from "./temporary-credentials";

/** EC2 gives instance role credentials about six hours of life and rotates them well before they expire. */
const SESSION_MS = 6 * 3600_000;
const RENEW_BEFORE_MS = 15 * 60_000;

const sessions = processSingleton("instance-role-sessions", () => new Map<string, TemporaryCredentials>());

/** The role of the instance's instance profile, or null (no profile, or a profile without a role). */
async function instanceRole(accountId: string, region: string, instanceId: string): Promise<IamRole | null> {
  const ec2 = (await peekState(accountId, "ec2", region)) as Ec2State | null;
  const instance = ec2 && Object.hasOwn(ec2.instances, instanceId) ? ec2.instances[instanceId] : undefined;
  const association = instance && associationOfInstance(ec2!, instance);
  if (!association) return null;
  const iam = await currentIamState(accountId);
  const profile = (iam.instanceProfiles ?? []).find((candidate) => candidate.arn === association.iamInstanceProfile.arn);
  const roleName = profile?.roleNames[0];
  return (roleName && findRole(iam, roleName)) || null;
}

export async function instanceRoleCredentials(accountId: string, region: string, instanceId: string, now: number): Promise<TemporaryCredentials | null> {
  const role = await instanceRole(accountId, region, instanceId);
  if (!role) return null;
  const key = `${accountId}/${region}/${instanceId}/${role.roleId}`;
  const current = sessions.get(key);
  if (current && current.expiresAt - now > RENEW_BEFORE_MS) return current;
  const fresh = await issueTemporaryCredentials({ accountId, roleName: role.roleName, roleId: role.roleId, roleArn: role.arn, sessionName: instanceId, expiresAt: now + SESSION_MS });
  sessions.set(key, fresh);
  return fresh;
}
