import type { Metadata } from "next";
import { headers } from "next/headers";
import { CredentialRow } from "@/components/access-keys/credential-row";
import { RotateKeysButton } from "@/components/access-keys/rotate-keys-button";
import { Snippet } from "@/components/access-keys/snippet";
import { AppHeader } from "@/components/ui/app-header";
import { AwsRoleForm } from "@/components/settings/aws-role-form";
import { loadRoleSettings } from "@/lib/aws/role";
import { SANDBOX_REGION } from "@/lib/aws/clients";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Access keys" };

/** The sandbox endpoint as this browser reaches the server. */
async function endpointSeenByBrowser(): Promise<string> {
  const all = await headers();
  const host = all.get("host") ?? "localhost:3000";
  const protocol = all.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}/aws`;
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
  const credentials = await sandbox.account(user.id);
  const endpoint = await endpointSeenByBrowser();
  const exports = [
    `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`,
    `export AWS_DEFAULT_REGION=${SANDBOX_REGION}`,
    `export AWS_ENDPOINT_URL=${endpoint}`,
  ].join("\n");
  const configure = [
    "aws configure",
    `AWS Access Key ID [None]: ${credentials.accessKeyId}`,
    `AWS Secret Access Key [None]: ${credentials.secretAccessKey}`,
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
            Your sandbox AWS account answers the AWS CLI and SDKs at <code className="font-mono">{endpoint}</code>. These keys
            belong to its IAM user <code className="font-mono">lab-user</code>.
          </p>
        </div>
        <section aria-labelledby="keys-heading" className="rounded-xl border border-slate-200 bg-white px-6 py-4 shadow-sm">
          <h2 id="keys-heading" className="sr-only">
            Your keys
          </h2>
          <dl className="divide-y divide-slate-100">
            <CredentialRow label="Account ID" value={credentials.accountId} />
            <CredentialRow label="Access key ID" value={credentials.accessKeyId} />
            <CredentialRow label="Secret access key" value={credentials.secretAccessKey} secret />
            <CredentialRow label="Region" value={SANDBOX_REGION} />
            <CredentialRow label="Endpoint URL" value={endpoint} />
          </dl>
          <div className="mt-3 border-t border-slate-100 pt-4">
            <RotateKeysButton />
          </div>
        </section>
        <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Treat keys like passwords. On real AWS, prefer IAM roles over long-lived keys, and never commit keys to a repository.
        </p>
        <section aria-labelledby="use-heading" className="space-y-4">
          <h2 id="use-heading" className="text-lg font-semibold text-slate-900">
            Use them from a terminal
          </h2>
          <Snippet title="Environment variables (bash, zsh)" code={exports} />
          <Snippet title="Then try" code={`aws ec2 describe-vpcs --endpoint-url ${endpoint}`} />
          <Snippet title="Or save them with aws configure" code={configure} />
        </section>
      </main>
    </>
  );
}
