/**
 * S3 with SigV2, as boto3 signs it by default for presigned URLs (`generate_presigned_url`, and the
 * AWS CLI v1's `aws s3 presign`) and as `signature_version='s3'` signs every call. Driven by
 * Debian's boto3 (/usr/bin/python3), the URLs fetched as a browser or curl would.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";

let server: SandboxServer;
let owner: TestAccount;
let other: TestAccount;
const BUCKET = "sigv2-lab-bucket";

/**
 * Runs Python with boto3 clients `owner` and `other` (default settings) and `header` (signature_version
 * 's3'); returns what it prints as JSON. Asynchronously: the sandbox answers from this process.
 */
async function boto3(script: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const prelude = `
import json, sys, boto3
from botocore.config import Config
endpoint, a, b = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
def client(keys, **settings): return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=keys["accessKeyId"], aws_secret_access_key=keys["secretAccessKey"], **settings)
owner, other, header = client(a), client(b), client(a, config=Config(signature_version="s3"))
`;
  const { stdout } = await promisify(execFile)("/usr/bin/python3", ["-c", `${prelude}\n${script}`, server.endpoint, JSON.stringify(owner.credentials), JSON.stringify(other.credentials)]);
  return JSON.parse(stdout);
}

function presigned(client: "owner" | "other", operation: string, params: Record<string, string>, expiresIn = 3600): Promise<string> {
  return boto3(`print(json.dumps(${client}.generate_presigned_url(${JSON.stringify(operation)}, Params=json.loads(${JSON.stringify(JSON.stringify(params))}), ExpiresIn=${expiresIn})))`);
}

async function errorOf(url: string): Promise<{ status: number; code?: string; message?: string; body: string }> {
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, code: /<Code>(.*?)<\/Code>/.exec(body)?.[1], message: /<Message>(.*?)<\/Message>/.exec(body)?.[1], body };
}

beforeAll(async () => {
  server = await startSandboxServer();
  owner = await server.newAccount();
  other = await server.newAccount();
  await boto3(`owner.create_bucket(Bucket="${BUCKET}"); owner.put_object(Bucket="${BUCKET}", Key="notes/week 1+ü.txt", Body=b"lab notes"); print(1)`);
});
afterAll(async () => {
  await server.close();
});

describe("S3 presigned URLs signed with SigV2 (boto3's default)", () => {
  it("a GET of a key with spaces, + and ü works, with a response override signed into the URL", async () => {
    const url = await presigned("owner", "get_object", { Bucket: BUCKET, Key: "notes/week 1+ü.txt", ResponseContentType: "text/x-lab" });
    const query = new URL(url).searchParams;
    expect([query.get("AWSAccessKeyId"), query.has("Signature"), query.has("Expires"), query.has("X-Amz-Algorithm")]).toEqual([owner.credentials.accessKeyId, true, true, false]);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/x-lab");
    expect(await response.text()).toBe("lab notes");
  });

  it("a presigned PUT stores the body, and the bucket itself lists", async () => {
    const put = await fetch(await presigned("owner", "put_object", { Bucket: BUCKET, Key: "upload.txt" }), { method: "PUT", body: new TextEncoder().encode("sent by url") });
    expect(put.status).toBe(200);
    expect(await boto3(`print(json.dumps(owner.get_object(Bucket="${BUCKET}", Key="upload.txt")["Body"].read().decode()))`)).toBe("sent by url");
    const list = await fetch(await presigned("owner", "list_objects", { Bucket: BUCKET }));
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("<Key>upload.txt</Key>");
  });

  it("another tenant's URL for the bucket is AccessDenied by the bucket's owner, not by the signature", async () => {
    const answer = await errorOf(await presigned("other", "get_object", { Bucket: BUCKET, Key: "upload.txt" }));
    expect(answer).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(answer.message).toContain(`is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${BUCKET}/upload.txt"`);
  });

  it("a changed URL is SignatureDoesNotMatch with S3's StringToSign and its bytes; the other tenant's key over it too", async () => {
    const url = await presigned("owner", "get_object", { Bucket: BUCKET, Key: "upload.txt" });
    const expires = new URL(url).searchParams.get("Expires")!;
    const changed = await errorOf(url.replace(`Expires=${expires}`, `Expires=${Number(expires) + 60}`));
    expect(changed).toMatchObject({ status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method." });
    expect(changed.body).toContain(`<StringToSign>GET\n\n\n${Number(expires) + 60}\n/${BUCKET}/upload.txt</StringToSign>`);
    expect(changed.body).toMatch(/<StringToSignBytes>47 45 54 0a 0a 0a [0-9a-f ]+<\/StringToSignBytes>/);
    const borrowed = await errorOf(url.replace(owner.credentials.accessKeyId, other.credentials.accessKeyId));
    expect(borrowed).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("an expired URL, a bad Expires and a missing parameter are S3's AccessDenied, each with its own words", async () => {
    const url = await presigned("owner", "get_object", { Bucket: BUCKET, Key: "upload.txt" }, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await errorOf(url)).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
    const fresh = await presigned("owner", "get_object", { Bucket: BUCKET, Key: "upload.txt" });
    expect(await errorOf(fresh.replace(/Expires=\d+/, "Expires=soon"))).toMatchObject({ status: 403, code: "AccessDenied", message: "Invalid date (should be seconds since epoch): soon" });
    expect(await errorOf(fresh.replace(/&?Signature=[^&]+/, ""))).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
    });
  });
});

// ListObjectsV2 and PutObjectTagging are left out: Debian's botocore (1.29) signs their query into the
// resource (`/bucket?list-type=2`), which S3 itself refuses; later botocore signs them as S3 expects.
describe("S3 calls signed with an Authorization: AWS header (signature_version 's3')", () => {
  it("puts, reads (with a signed response override), lists, and a wrong secret is SignatureDoesNotMatch", async () => {
    const result = await boto3(`
header.put_object(Bucket="${BUCKET}", Key="header.txt", Body=b"signed with v2", ContentType="text/plain")
wrong = client({"accessKeyId": a["accessKeyId"], "secretAccessKey": "not-the-secret"}, config=Config(signature_version="s3"))
try:
    wrong.list_buckets(); refused = None
except Exception as error:
    refused = error.response["Error"]["Code"]
print(json.dumps({
  "body": header.get_object(Bucket="${BUCKET}", Key="header.txt")["Body"].read().decode(),
  "keys": [o["Key"] for o in header.list_objects(Bucket="${BUCKET}")["Contents"]],
  "type": header.get_object(Bucket="${BUCKET}", Key="header.txt", ResponseContentType="text/x-lab")["ContentType"],
  "refused": refused,
}))`);
    expect(result).toEqual({
      body: "signed with v2",
      keys: ["header.txt", "notes/week 1+ü.txt", "upload.txt"],
      type: "text/x-lab",
      refused: "SignatureDoesNotMatch",
    });
  });

  it("a header without key:signature is S3's InvalidArgument naming the header, and stores nothing", async () => {
    const url = `${server.endpoint}/${BUCKET}/unsigned.txt`;
    const response = await fetch(url, { method: "PUT", body: "x", headers: { Authorization: `AWS ${owner.credentials.accessKeyId}`, Date: new Date().toUTCString() } });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body).toContain("<Code>InvalidArgument</Code>");
    expect(body).toContain("<Message>AWS authorization header is invalid.  Expected AwsAccessKeyId:signature</Message>");
    expect(body).toContain("<ArgumentName>Authorization</ArgumentName>");
    expect(body).toContain(`<ArgumentValue>AWS ${owner.credentials.accessKeyId}</ArgumentValue>`);
    expect((await boto3(`print(json.dumps(owner.list_objects_v2(Bucket="${BUCKET}", Prefix="unsigned")["KeyCount"]))`))).toBe(0);
  });
});
