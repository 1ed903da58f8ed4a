/** Virtual-hosted S3 (`<bucket>.s3.localhost`) and how keys come out of raw paths. */
import http from "node:http";
import type { LookupFunction } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { isSandboxRequest } from "@/lib/sandbox/http";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { s3AddressOf, virtualHostBucket } from "./protocol/address";

describe("s3AddressOf", () => {
  it("reads bucket and key from the raw path, decoding once and never normalising", () => {
    expect(s3AddressOf("/aws", undefined)).toEqual({ key: "" });
    expect(s3AddressOf("/aws/", undefined)).toEqual({ key: "" });
    expect(s3AddressOf("/aws/b", undefined)).toEqual({ bucket: "b", key: "" });
    expect(s3AddressOf("/aws/b/", undefined)).toEqual({ bucket: "b", key: "" });
    expect(s3AddressOf("/aws/b/a/../c//d/./e", undefined)).toEqual({ bucket: "b", key: "a/../c//d/./e" });
    expect(s3AddressOf("/aws/b/%2541%20x+y", undefined)).toEqual({ bucket: "b", key: "%41 x+y" });
  });

  it("takes the bucket from a <bucket>.s3.localhost Host, with or without the /aws prefix", () => {
    expect(virtualHostBucket("my.bucket.s3.localhost:3000")).toBe("my.bucket");
    expect(virtualHostBucket("s3.localhost:3000")).toBeUndefined();
    expect(virtualHostBucket("localhost:3000")).toBeUndefined();
    expect(s3AddressOf("/aws/dir/k.txt", "lab.s3.localhost:3000")).toEqual({ bucket: "lab", key: "dir/k.txt" });
    expect(s3AddressOf("/dir/k.txt", "lab.s3.localhost")).toEqual({ bucket: "lab", key: "dir/k.txt" });
    expect(s3AddressOf("/", "lab.s3.localhost")).toEqual({ bucket: "lab", key: "" });
  });

  it("refuses paths that do not decode (InvalidURI) and NUL characters", () => {
    for (const path of ["/aws/b/%E0%A4%A", "/aws/b/%00"]) {
      expect(() => s3AddressOf(path, undefined)).toThrow(expect.objectContaining({ code: "InvalidURI", message: "Couldn't parse the specified URI." }));
    }
  });

  it("isSandboxRequest takes any path on a bucket host", () => {
    const is = (url: string, host: string) => isSandboxRequest({ url, headers: { host } } as http.IncomingMessage);
    expect(is("/k.txt", "lab.s3.localhost:3000")).toBe(true);
    expect(is("/k.txt", "localhost:3000")).toBe(false);
  });
});

describe("virtual-hosted requests from the SDK", () => {
  let server: SandboxServer;
  let alice: TestAccount;

  beforeAll(async () => {
    server = await startSandboxServer();
    alice = await server.newAccount();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Node's resolver does not know *.localhost (browsers and curl do): send such hosts to loopback. */
  const loopback: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };

  it("creates, writes, lists and reads through http://<bucket>.s3.localhost:<port>/aws", async () => {
    const port = new URL(server.endpoint).port;
    const s3 = new S3Client({
      endpoint: `http://s3.localhost:${port}/aws`,
      region: "us-east-1",
      credentials: alice.credentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: loopback } as http.AgentOptions) }),
    });
    const hosts: string[] = [];
    s3.middlewareStack.add(
      (next) => async (args) => {
        hosts.push(`${(args.request as { hostname: string; path: string }).hostname} ${(args.request as { path: string }).path}`);
        return next(args);
      },
      { step: "finalizeRequest" },
    );
    await s3.send(new CreateBucketCommand({ Bucket: "virtual-hosted-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "virtual-hosted-bucket", Key: "dir/a b.txt", Body: "virtual" }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "virtual-hosted-bucket" }));
    expect(listed.Contents!.map((object) => object.Key)).toEqual(["dir/a b.txt"]);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: "virtual-hosted-bucket", Key: "dir/a b.txt" }))).Body!.transformToString()).toBe("virtual");
    expect(hosts[0]).toBe("virtual-hosted-bucket.s3.localhost /aws/");
    expect(hosts.at(-1)).toBe("virtual-hosted-bucket.s3.localhost /aws/dir/a%20b.txt");
  });
});
