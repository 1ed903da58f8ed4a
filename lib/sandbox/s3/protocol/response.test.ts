/** The one writer of S3's responses: the XML clients parse, from the data handlers return. */
import { describe, expect, it } from "vitest";
import { RawXml, WithAttributes, writeS3Response } from "./response";

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe("writeS3Response", () => {
  it("writes a document in S3's namespace: fields in order, flattened lists, wrappers, escaped text, undefined left out", () => {
    const response = writeS3Response("req-1", {
      headers: { "x-amz-version-id": "v1" },
      document: {
        root: "ListBucketResult",
        content: { Name: "b&b", Prefix: undefined, IsTruncated: false, Contents: [{ Key: "a<1" }, { Key: "b", Size: 3 }], Buckets: { Bucket: [] } },
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({
      "x-amz-request-id": "req-1",
      "x-amz-id-2": Buffer.from("req-1").toString("base64"),
      "Content-Type": "application/xml",
      "x-amz-version-id": "v1",
    });
    expect(response.body).toBe(
      `${HEAD}<ListBucketResult ${NS}><Name>b&amp;b</Name><IsTruncated>false</IsTruncated>` +
        "<Contents><Key>a&lt;1</Key></Contents><Contents><Key>b</Key><Size>3</Size></Contents><Buckets/></ListBucketResult>",
    );
  });

  it("writes stored XML as it is, attributes on an element, and a root that holds only text", () => {
    const grantee = new WithAttributes({ "xsi:type": "CanonicalUser" }, { ID: "abc" });
    expect(writeS3Response("r", { document: { root: "X", content: { Grantee: grantee, Rule: [new RawXml("<ID>1</ID>"), new RawXml("")] } } }).body).toBe(
      `${HEAD}<X ${NS}><Grantee xsi:type="CanonicalUser"><ID>abc</ID></Grantee><Rule><ID>1</ID></Rule><Rule></Rule></X>`,
    );
    expect(writeS3Response("r", { document: { root: "LocationConstraint", content: "eu-west-1" } }).body).toBe(`${HEAD}<LocationConstraint ${NS}>eu-west-1</LocationConstraint>`);
  });

  it("answers a status without a body, or a body that is not XML, with the request-id headers", () => {
    expect(writeS3Response("r", { status: 204 })).toEqual({ status: 204, headers: { "x-amz-request-id": "r", "x-amz-id-2": "cg==" }, body: "" });
    const policy = writeS3Response("r", { headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(policy).toEqual({ status: 200, headers: { "x-amz-request-id": "r", "x-amz-id-2": "cg==", "Content-Type": "application/json" }, body: "{}" });
  });
});
