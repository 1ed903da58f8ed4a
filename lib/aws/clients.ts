/**
 * The only place AWS SDK clients are built. In sandbox mode they point at this server's own
 * `/aws` endpoint and sign with the user's sandbox key; in real mode they use the standard
 * credential chain and AWS's endpoints. Nothing above this file knows which.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient } from "@aws-sdk/client-ec2-instance-connect";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { selfUrl } from "@/lib/config";
import { CONSOLE_USER_AGENT } from "./user-agent";
import { ensureSandboxAccount, sandboxRootCredentials } from "@/lib/sandbox/accounts";

export type AwsMode = "sandbox" | "real";

export interface AwsClients {
  mode: AwsMode;
  region: string;
  ec2: EC2Client;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  ssm: SSMClient;
  instanceConnect: EC2InstanceConnectClient;
  /** S3 as the account's root user (sandbox only; null on a real account). */
  accountRootS3: (() => Promise<S3Client>) | null;
}

export function awsMode(): AwsMode {
  return process.env.VPCLAB_AWS_MODE === "real" ? "real" : "sandbox";
}

export const SANDBOX_REGION = "us-east-1";

export function sandboxEndpoint(): string {
  return `${selfUrl()}/aws`;
}

/** The settings every client shares (each SDK client's own config type accepts these). */
interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

function buildClients(mode: AwsMode, settings: ClientConfig, accountRootS3: AwsClients["accountRootS3"] = null): AwsClients {
  const config = { ...settings, customUserAgent: CONSOLE_USER_AGENT };
  return {
    mode,
    region: String(config.region),
    ec2: new EC2Client(config),
    // The sandbox serves S3 path-style under /aws, as the AWS CLI's --endpoint-url does.
    s3: new S3Client({ ...config, forcePathStyle: mode === "sandbox" }),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    instanceConnect: new EC2InstanceConnectClient(config),
    accountRootS3,
  };
}

const sandboxClientsByKey = new Map<string, AwsClients>();
let realClients: AwsClients | undefined;

/** The clients the console uses on behalf of this user. */
export async function clientsForUser(userId: string): Promise<AwsClients> {
  if (awsMode() === "real") {
    realClients ??= buildClients("real", { region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1", maxAttempts: 6 });
    return realClients;
  }
  const { accountId, accessKeyId, secretAccessKey } = await ensureSandboxAccount(userId);
  let clients = sandboxClientsByKey.get(accessKeyId);
  if (!clients) {
    clients = buildClients(
      "sandbox",
      { region: SANDBOX_REGION, endpoint: sandboxEndpoint(), credentials: { accessKeyId, secretAccessKey }, maxAttempts: 2 },
      sandboxRootS3(sandboxEndpoint(), accountId),
    );
    sandboxClientsByKey.set(accessKeyId, clients);
  }
  return clients;
}

/**
 * An S3 client signed as a sandbox account's root user, for the one thing AWS keeps for root: deleting a
 * bucket policy that denies everyone else. On a real account the console holds no root credentials (AWS
 * advises against root access keys), so real-mode clients have none and the student signs in as root.
 */
export function sandboxRootS3(endpoint: string, accountId: string): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  return () =>
    (client ??= sandboxRootCredentials(accountId).then(
      ({ accessKeyId, secretAccessKey }) =>
        new S3Client({
          region: SANDBOX_REGION,
          endpoint,
          credentials: { accessKeyId, secretAccessKey },
          forcePathStyle: true,
          maxAttempts: 2,
          customUserAgent: CONSOLE_USER_AGENT,
        }),
    ));
}
