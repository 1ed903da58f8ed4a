/** S3, IAM and STS with the AWS CLI v2 against the sandbox, as a student at a laptop terminal. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runAwsCli, startSandboxServer, type CliEnv, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { userIdFor } from "@/lib/sandbox/iam/model/users";

let server: SandboxServer;
let student: TestAccount;
let env: CliEnv;
let dir: string;

beforeAll(async () => {
  server = await startSandboxServer();
  student = await server.newAccount();
  env = cliEnv(student, server.endpoint);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-s3-cli-"));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function aws(args: string[], environment = env): Promise<string> {
  const result = await runAwsCli(args, environment);
  if (result.code !== 0) throw new Error(`aws ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

const BUCKET = "cli-lab-bucket-1";
const DATE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";

describe("aws s3", () => {
  it("makes a bucket, copies small and 20 MiB files up and down, lists, and removes", { timeout: 120_000 }, async () => {
    expect(await aws(["s3", "mb", `s3://${BUCKET}`])).toBe(`make_bucket: ${BUCKET}\n`);
    const small = path.join(dir, "hello.txt");
    fs.writeFileSync(small, "hello from the cli\n");
    expect(await aws(["s3", "cp", small, `s3://${BUCKET}/docs/hello.txt`])).toMatch(new RegExp(`upload: .*hello\\.txt to s3://${BUCKET}/docs/hello\\.txt`));

    const big = path.join(dir, "big.bin");
    const bytes = crypto.randomBytes(20 * 1024 * 1024);
    fs.writeFileSync(big, bytes);
    await aws(["s3", "cp", big, `s3://${BUCKET}/big.bin`]);
    const head = JSON.parse(await aws(["s3api", "head-object", "--bucket", BUCKET, "--key", "big.bin"]));
    expect(head.ContentLength).toBe(bytes.length);
    // 8 MiB parts: 8 + 8 + 4 MiB, so a three-part ETag.
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    const back = path.join(dir, "big-back.bin");
    await aws(["s3", "cp", `s3://${BUCKET}/big.bin`, back]);
    expect(fs.readFileSync(back).equals(bytes)).toBe(true);
    const smallBack = path.join(dir, "hello-back.txt");
    await aws(["s3", "cp", `s3://${BUCKET}/docs/hello.txt`, smallBack]);
    expect(fs.readFileSync(smallBack, "utf8")).toBe("hello from the cli\n");

    expect(await aws(["s3", "ls"])).toMatch(new RegExp(`^${DATE} ${BUCKET}\\n$`));
    const listing = await aws(["s3", "ls", `s3://${BUCKET}/`]);
    expect(listing).toMatch(new RegExp(`^\\s+PRE docs/\\n${DATE}   20971520 big\\.bin\\n$`));
    expect(await aws(["s3", "ls", `s3://${BUCKET}/docs/`])).toMatch(new RegExp(`^${DATE}         19 hello\\.txt\\n$`));

    expect(await aws(["s3", "rm", `s3://${BUCKET}/docs/hello.txt`])).toBe(`delete: s3://${BUCKET}/docs/hello.txt\n`);
    expect(await aws(["s3", "ls", `s3://${BUCKET}/`])).not.toContain("PRE docs/");
  });

  it("puts a bucket policy with s3api; a malformed one fails with S3's message", async () => {
    await aws(["s3", "mb", "s3://cli-policy-bucket-1"]);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::cli-policy-bucket-1/*" }],
    });
    await aws(["s3api", "put-bucket-policy", "--bucket", "cli-policy-bucket-1", "--policy", policy]);
    expect(JSON.parse(await aws(["s3api", "get-bucket-policy", "--bucket", "cli-policy-bucket-1"])).Policy).toBe(policy);
    const bad = await runAwsCli(["s3api", "put-bucket-policy", "--bucket", "cli-policy-bucket-1", "--policy", "{}"], env);
    expect(bad.code).toBe(254);
    expect(bad.stderr.trim()).toBe("An error occurred (MalformedPolicy) when calling the PutBucketPolicy operation: Missing required field Statement");
    const denied = await runAwsCli(["s3", "rm", "s3://cli-policy-bucket-1/anything"], env);
    expect(denied.stderr).toContain(
      `An error occurred (AccessDenied) when calling the DeleteObject operation: User: arn:aws:iam::${student.accountId}:user/lab-user is not authorized to perform: s3:DeleteObject on resource: "arn:aws:s3:::cli-policy-bucket-1/anything" with an explicit deny in a resource-based policy`,
    );
  });
});

describe("aws s3api bucket settings", () => {
  const bucket = "cli-settings-bucket-1";

  it("reads an untagged object's empty tag set, tags it, and reads versioning and default encryption", { timeout: 120_000 }, async () => {
    await aws(["s3", "mb", `s3://${bucket}`]);
    const file = path.join(dir, "note.txt");
    fs.writeFileSync(file, "note\n");
    await aws(["s3api", "put-object", "--bucket", bucket, "--key", "note.txt", "--body", file]);
    expect(JSON.parse(await aws(["s3api", "get-object-tagging", "--bucket", bucket, "--key", "note.txt"]))).toEqual({ TagSet: [] });
    await aws(["s3api", "put-object-tagging", "--bucket", bucket, "--key", "note.txt", "--tagging", "TagSet=[{Key=lab,Value=2}]"]);
    expect(JSON.parse(await aws(["s3api", "get-object-tagging", "--bucket", bucket, "--key", "note.txt"]))).toEqual({ TagSet: [{ Key: "lab", Value: "2" }] });

    expect(await aws(["s3api", "get-bucket-versioning", "--bucket", bucket])).toBe("");
    await aws(["s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled"]);
    expect(JSON.parse(await aws(["s3api", "get-bucket-versioning", "--bucket", bucket]))).toEqual({ Status: "Enabled", MFADelete: "Disabled" });
    expect(JSON.parse(await aws(["s3api", "get-bucket-encryption", "--bucket", bucket]))).toEqual({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] },
    });
  });

  it("fails with S3's words for a bucket without tags, CORS or a public access block", { timeout: 120_000 }, async () => {
    await aws(["s3api", "delete-public-access-block", "--bucket", bucket]);
    const cases: [string[], string][] = [
      [["get-bucket-tagging"], "An error occurred (NoSuchTagSet) when calling the GetBucketTagging operation: The TagSet does not exist"],
      [["get-bucket-cors"], "An error occurred (NoSuchCORSConfiguration) when calling the GetBucketCors operation: The CORS configuration does not exist"],
      [
        ["get-public-access-block"],
        "An error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: The public access block configuration was not found",
      ],
    ];
    for (const [command, message] of cases) {
      const result = await runAwsCli(["s3api", ...command, "--bucket", bucket], env);
      expect(result.code).toBe(254);
      expect(result.stderr.trim()).toBe(message);
    }
  });
});

describe("aws iam and aws sts", () => {
  it("creates an access key and uses it at once; get-caller-identity names lab-user", async () => {
    const identity = JSON.parse(await aws(["sts", "get-caller-identity"]));
    expect(identity).toEqual({ UserId: userIdFor(student.accountId, "lab-user"), Account: student.accountId, Arn: `arn:aws:iam::${student.accountId}:user/lab-user` });
    const { AccessKey } = JSON.parse(await aws(["iam", "create-access-key"]));
    expect(AccessKey).toMatchObject({ UserName: "lab-user", Status: "Active" });
    const withNewKey = cliEnv({ credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } }, server.endpoint);
    expect(JSON.parse(await aws(["sts", "get-caller-identity"], withNewKey)).Arn).toBe(`arn:aws:iam::${student.accountId}:user/lab-user`);
    expect(await aws(["s3", "ls"], withNewKey)).toContain(BUCKET);
    const keys = JSON.parse(await aws(["iam", "list-access-keys"])).AccessKeyMetadata;
    expect(keys.map((key: { AccessKeyId: string }) => key.AccessKeyId)).toContain(AccessKey.AccessKeyId);
    const third = await runAwsCli(["iam", "create-access-key"], env);
    expect(third.stderr.trim()).toBe("An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2");
  });
});
