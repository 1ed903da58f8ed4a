/**
 * Lab 2 Step 6 locks the console out of even reading the bucket policy. The checks still need it to
 * explain the instance's requests, so it is read the ways AWS leaves open: as the account's root user
 * (S3 always lets the owner's root read its bucket policies; the sandbox console holds that key), or, on
 * a real account, from a lab instance with `aws s3api get-bucket-policy` — which succeeds when its
 * requests go through the endpoint the policy names.
 */
import { GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { isManagedInstance } from "@/lib/aws/instance-access";
import { runShellOnInstance, shellQuote } from "./shell-on-instance";

async function readAsRoot(clients: AwsClients, bucket: string): Promise<string | undefined> {
  const root = await clients.accountRootS3!();
  return (await root.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
}

async function readFromInstances(clients: AwsClients, snapshot: LabSnapshot, bucket: string): Promise<string | undefined> {
  const running = snapshot.instances.filter((instance) => instance.State?.Name === "running" && instance.InstanceId);
  for (const instance of running) {
    if (!(await isManagedInstance(clients.ssm, instance.InstanceId!))) continue;
    const shell = await runShellOnInstance(clients.ssm, instance.InstanceId!, [`aws s3api get-bucket-policy --bucket ${shellQuote(bucket)} --output text`], 30_000);
    if (shell.exitCode === 0 && shell.stdout.trim()) return shell.stdout.trim();
  }
  return undefined;
}

/** Fills in the policies the console's own identity was denied, where another way can read them. */
export async function readLockedPolicies(clients: AwsClients, snapshot: LabSnapshot): Promise<void> {
  const locked = snapshot.buckets.filter((bucket) => bucket.policyError === "AccessDenied" && !bucket.policy);
  await Promise.all(
    locked.map(async (bucket) => {
      try {
        bucket.policy = clients.accountRootS3 ? await readAsRoot(clients, bucket.name) : await readFromInstances(clients, snapshot, bucket.name);
      } catch (error) {
        console.error(`could not read the locked policy of ${bucket.name}`, error);
      }
    }),
  );
}
