/**
 * Real AWS mode per user: the console assumes an IAM role in the user's account with an external
 * id (the pattern read-only diagram tools use). The role ARN and the external id are stored; the
 * temporary credentials STS returns live in this process's memory only, never in the database
 * and never in the browser.
 */
import crypto from "node:crypto";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { awsRoleSettings } from "@/lib/db/schema";
import { CONSOLE_USER_AGENT } from "./user-agent";
import { outsideRequest } from "@/lib/outside-request";

/** arn:aws:iam::123456789012:role/optional/path/RoleName (IAM's naming rules; the commercial, China and GovCloud partitions). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export const roleArnSchema = z
  .string()
  .trim()
  .max(2048, "Role ARNs are at most 2048 characters.")
  .regex(ROLE_ARN, "Enter an IAM role ARN such as arn:aws:iam::123456789012:role/VpcLabConsole.");

export interface RoleSettings {
  roleArn: string | null;
  externalId: string;
}

/** An external id unique to the user (STS accepts 2-1224 characters of [\w+=,.@:/-]). */
export function newExternalId(): string {
  return `vpclab-${crypto.randomBytes(16).toString("hex")}`;
}

/** The user's settings; the external id is generated and stored on first read. */
export async function loadRoleSettings(userId: string): Promise<RoleSettings> {
  const db = await getDb();
  const [row] = await db.select().from(awsRoleSettings).where(eq(awsRoleSettings.userId, userId));
  if (row) return { roleArn: row.roleArn, externalId: row.externalId };
  await db.insert(awsRoleSettings).values({ userId, externalId: newExternalId() }).onConflictDoNothing();
  const [created] = await db.select().from(awsRoleSettings).where(eq(awsRoleSettings.userId, userId));
  return { roleArn: created.roleArn, externalId: created.externalId };
}

export async function saveRoleArn(userId: string, roleArn: string | null): Promise<RoleSettings> {
  const { externalId } = await loadRoleSettings(userId);
  const db = await getDb();
  await db.update(awsRoleSettings).set({ roleArn, updatedAt: new Date() }).where(eq(awsRoleSettings.userId, userId));
  forgetRoleCredentials(userId);
  return { roleArn, externalId };
}

/** Renew this long before STS's expiry, so a call never goes out with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

const cached = new Map<string, { key: string; credentials: Promise<AwsCredentialIdentity> }>();

export function forgetRoleCredentials(userId: string): void {
  cached.delete(userId);
}

/** A session name AWS accepts ([\w+=,.@-]{2,64}) that names the user in CloudTrail. */
function sessionName(userId: string): string {
  return `vpclab-${userId.replace(/[^\w+=,.@-]/g, "-")}`.slice(0, 64);
}

async function assume(sts: STSClient, userId: string, settings: { roleArn: string; externalId: string }): Promise<AwsCredentialIdentity> {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: settings.roleArn, ExternalId: settings.externalId, RoleSessionName: sessionName(userId), DurationSeconds: 3600 }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error("AssumeRole returned no credentials.");
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  };
}

/**
 * Credentials of the role, assumed with the server's own credentials (the standard chain), kept
 * in memory and renewed before they expire.
 */
export function roleCredentials(userId: string, settings: { roleArn: string; externalId: string }, region: string, maxAttempts: number): AwsCredentialIdentityProvider {
  const key = `${settings.roleArn}\n${settings.externalId}`;
  const sts = new STSClient({ region, maxAttempts, customUserAgent: CONSOLE_USER_AGENT });
  return async () => {
    const entry = cached.get(userId);
    if (entry?.key === key) {
      const credentials = await entry.credentials.catch(() => undefined);
      if (credentials && (!credentials.expiration || credentials.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return credentials;
    }
    // Kept for the hour the credentials last: made outside this request (lib/outside-request.ts).
    const credentials = outsideRequest(() => assume(sts, userId, settings));
    cached.set(userId, { key, credentials });
    credentials.catch(() => {
      if (cached.get(userId)?.credentials === credentials) cached.delete(userId);
    });
    return credentials;
  };
}
