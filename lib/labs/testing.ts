/** Test and benchmark helper: `AwsClients` signed as a sandbox account, against a test sandbox server. */
import { EC2Client } from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient } from "@aws-sdk/client-ec2-instance-connect";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { sandboxRootS3, type AwsClients } from "@/lib/aws/clients";
import type { SandboxServer, TestAccount } from "@/lib/sandbox/testing";

export function sandboxClients(server: Pick<SandboxServer, "endpoint">, account: Pick<TestAccount, "credentials" | "accountId">, region = "us-east-1"): AwsClients {
  const config = { region, endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
  return {
    mode: "sandbox",
    region,
    ec2: new EC2Client(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    instanceConnect: new EC2InstanceConnectClient(config),
    accountRootS3: sandboxRootS3(server.endpoint, account.accountId),
  };
}
