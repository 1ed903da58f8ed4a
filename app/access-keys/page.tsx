import type { Metadata } from "next";
import { headers } from "next/headers";
import { CredentialRow } from "@/components/access-keys/credential-row";
import { AccessKeyManager, type AccessKeySummary } from "@/components/access-keys/access-key-manager";
import { Snippet } from "@/components/access-keys/snippet";
import { AppHeader } from "@/components/ui/app-header";
import { AwsRoleForm } from "@/components/settings/aws-role-form";
import { loadRoleSettings } from "@/lib/aws/role";
import { ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { clientsForKeyManagement, SANDBOX_REGION } from "@/lib/aws/clients";
import { LAB_USER_NAME, NoActiveLabUserKeyError, type SandboxExtras, sandboxExtras } from "@/lib/aws/sandbox";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Access keys" };

/** The sandbox endpoint as this browser reaches the server. */
async function endpointSeenByBrowser(): Promise<string> {
  const all = await headers();
  const host = all.get("host") ?? "localhost:3000";
  const protocol = all.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}/aws`;
}

/** lab-user's keys as IAM lists them (ids, status, creation date: never a secret). */
async function labUserKeys(userId: string): Promise<AccessKeySummary[]> {
  const { iam } = await clientsForKeyManagement(userId);
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: LAB_USER_NAME }));
  return (listed.AccessKeyMetadata ?? []).map((key) => ({
    accessKeyId: key.AccessKeyId!,
    status: key.Status ?? "Active",
    created: key.CreateDate ? key.CreateDate.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "",
  }));
}

/** The key the console signs with, or why it has none (both of lab-user's keys inactive: IAM allows no third). */
async function consoleKey(sandbox: SandboxExtras, userId: string): Promise<{ accessKeyId?: string; problem?: string }> {
  try {
    return { accessKeyId: (await sandbox.account(userId)).accessKeyId };
  } catch (error) {
    if (error instanceof NoActiveLabUserKeyError) return { problem: error.message };
    throw error;
  }
}

export default async function AccessKeysPage() {
  const user = await requireUser("/access-keys");
  const sandbox = sandboxExtras();
  if (!sandbox) {
    const role = await loadRoleSettings(user.id);
    return (
      <>
        <AppHeader user={user} />
        <main className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
          <h1 className="text-2xl font-semibold text-slate-900">Access keys</h1>
          <p className="mt-2 text-base text-slate-700">
            This console works on a real AWS account with the server&apos;s own credentials. Create your personal access keys in
            the IAM console of that account.
          </p>
          <section aria-labelledby="role-heading" className="space-y-2">
            <h2 id="role-heading" className="text-lg font-semibold text-slate-900">
              Use your own AWS account
            </h2>
            <p className="text-sm text-slate-700">
              Create an IAM role in your account that trusts this console&apos;s AWS account with the external id below, attach the
              least-privilege policy from the README, and enter the role&apos;s ARN. The console then assumes the role for you; the
              temporary credentials stay in the server&apos;s memory.
            </p>
            <AwsRoleForm roleArn={role.roleArn} externalId={role.externalId} />
          </section>
        </main>
      </>
    );
  }
  const [accountId, signing] = await Promise.all([sandbox.accountId(user.id), consoleKey(sandbox, user.id)]);
  const endpoint = await endpointSeenByBrowser();
  const keys = await labUserKeys(user.id);
  const exports = [
    "export AWS_ACCESS_KEY_ID=<your access key ID>",
    "export AWS_SECRET_ACCESS_KEY=<your secret access key>",
    `export AWS_DEFAULT_REGION=${SANDBOX_REGION}`,
    `export AWS_ENDPOINT_URL=${endpoint}`,
  ].join("\n");
  const configure = [
    "aws configure",
    "AWS Access Key ID [None]: <your access key ID>",
    "AWS Secret Access Key [None]: <your secret access key>",
    `Default region name [None]: ${SANDBOX_REGION}`,
    "Default output format [None]: json",
  ].join("\n");
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-4xl space-y-8 px-4 py-8 sm:px-6">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Access keys</h1>
          <p className="mt-1 text-base text-slate-700">
            Your sandbox AWS account answers the AWS CLI and SDKs at <code className="font-mono">{endpoint}</code>. Access keys belong to its
            IAM user <code className="font-mono">{LAB_USER_NAME}</code>; a secret access key is shown once, when the key is created.
          </p>
        </div>
        <section aria-labelledby="account-heading" className="rounded-xl border border-slate-200 bg-white px-6 py-4 shadow-sm">
          <h2 id="account-heading" className="sr-only">
            Your account
          </h2>
          <dl className="divide-y divide-slate-100">
            <CredentialRow label="Account ID" value={accountId} />
            <CredentialRow label="Region" value={SANDBOX_REGION} />
            <CredentialRow label="Endpoint URL" value={endpoint} />
          </dl>
        </section>
        <section aria-labelledby="keys-heading" className="space-y-2 rounded-xl border border-slate-200 bg-white px-6 py-4 shadow-sm">
          <h2 id="keys-heading" className="text-lg font-semibold text-slate-900">
            Access keys ({keys.length} of 2)
          </h2>
          {signing.problem ? (
            <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
              {signing.problem}
            </p>
          ) : null}
          <AccessKeyManager keys={keys} consoleKeyId={signing.accessKeyId ?? ""} />
        </section>
        <section aria-labelledby="use-heading" className="space-y-4">
          <h2 id="use-heading" className="text-lg font-semibold text-slate-900">
            Use a key from a terminal
          </h2>
          <Snippet title="Environment variables (bash, zsh)" code={exports} />
          <Snippet title="Then try" code={`aws ec2 describe-vpcs --endpoint-url ${endpoint}`} />
          <Snippet title="Or save them with aws configure" code={configure} />
        </section>
      </main>
    </>
  );
}
