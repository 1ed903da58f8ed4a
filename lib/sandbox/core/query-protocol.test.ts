import { describe, expect, it } from "vitest";
import { AwsError } from "./errors";
import { renderError } from "./error-response";
import { parseFormEncoded, parseQueryParams, serializeQueryResponse } from "./query-protocol";
import type { QueryService } from "./types";

function service(overrides: Partial<QueryService<unknown>> = {}): QueryService<unknown> {
  return {
    name: "ec2",
    version: "2016-11-15",
    xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/",
    regional: true,
    errorFormat: "ec2",
    inputDialect: { report: () => undefined },
    initialState: () => ({}),
    operations: {},
    ...overrides,
  };
}

const iamLike = service({ name: "iam", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/", errorFormat: "query", listItemName: "member" });

function errorCodeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return `${error.code} ${error.httpStatus}`;
    throw error;
  }
  return "no error";
}

describe("Query parameters", () => {
  it("decodes form encoding, + as space", () => {
    expect(parseFormEncoded("Action=CreateTags&Tag.1.Value=a+b%2Bc%20d&Flag")).toEqual([
      ["Action", "CreateTags"],
      ["Tag.1.Value", "a b+c d"],
      ["Flag", ""],
    ]);
  });

  it("nests numbered segments as arrays and others as objects", () => {
    const params = parseQueryParams(
      parseFormEncoded("Action=DescribeVpcs&Filter.1.Name=cidr&Filter.1.Value.1=10.0.0.0/16&Filter.1.Value.2=10.1.0.0/16&Filter.2.Name=tag:Name&VpcId.1=vpc-1"),
    );
    expect(params).toEqual({
      Action: "DescribeVpcs",
      Filter: [{ Name: "cidr", Value: ["10.0.0.0/16", "10.1.0.0/16"] }, { Name: "tag:Name" }],
      VpcId: ["vpc-1"],
    });
  });

  it("puts out-of-order indexes at index n-1, leaving holes", () => {
    const params = parseQueryParams([["InstanceId.3", "i-3"], ["InstanceId.1", "i-1"]]);
    const ids = params.InstanceId as string[];
    expect(ids.length).toBe(3);
    expect(ids[0]).toBe("i-1");
    expect(1 in ids).toBe(false);
    expect(ids[2]).toBe("i-3");
  });

  it("keeps the last of repeated names", () => {
    expect(parseQueryParams([["CidrBlock", "10.0.0.0/16"], ["CidrBlock", "10.9.0.0/16"]])).toEqual({ CidrBlock: "10.9.0.0/16" });
  });

  it("answers MalformedQueryString for contradicting shapes, bad indexes, empty segments, __proto__ and broken escapes", () => {
    expect(errorCodeOf(() => parseQueryParams([["A", "x"], ["A.1", "y"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["A.1", "y"], ["A", "x"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["A.1.B", "y"], ["A.1.2", "x"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["A.0", "x"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["A.10001", "x"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["A..B", "x"]]))).toBe("MalformedQueryString 404");
    expect(errorCodeOf(() => parseQueryParams([["__proto__.polluted", "x"]]))).toBe("MalformedQueryString 404");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorCodeOf(() => parseFormEncoded("Action=%E0%A4%A"))).toBe("MalformedQueryString 404");
  });
});

describe("Query parameter names from Object.prototype", () => {
  it("are ordinary keys of prototype-less structs: constructor.prototype.x writes nowhere else", () => {
    const params = parseQueryParams(parseFormEncoded("constructor.prototype.polluted=yes&toString=1&hasOwnProperty.valueOf=2"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(JSON.stringify(params)).toBe('{"constructor":{"prototype":{"polluted":"yes"}},"toString":"1","hasOwnProperty":{"valueOf":"2"}}');
    expect(parseQueryParams([["Action", "DescribeVpcs"]]).constructor).toBeUndefined();
  });

  it("answer MalformedQueryString when a segment is not a parameter name (__proto__, NUL, spaces)", () => {
    for (const name of ["__proto__", "a.__proto__", "Filter.1.__proto__.x", "a\u0000b", "a b", "-a", "a.b+c"]) {
      expect(errorCodeOf(() => parseQueryParams([[name, "x"]])), name).toBe("MalformedQueryString 404");
    }
  });
});

describe("Query responses", () => {
  it("writes EC2's envelope with requestId first, sets as <item>s, booleans and numbers as text", () => {
    const xml = serializeQueryResponse(
      service(),
      "DescribeVpcs",
      {
        vpcSet: [{ vpcId: "vpc-1", isDefault: true, tagSet: [], cidrBlockAssociationSet: [{ cidrBlock: "10.0.0.0/16" }], ownerId: undefined }],
        count: 3,
        nextToken: null,
      },
      "req-1",
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>' +
        "<vpcSet><item><vpcId>vpc-1</vpcId><isDefault>true</isDefault><tagSet/><cidrBlockAssociationSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item></cidrBlockAssociationSet></item></vpcSet>" +
        "<count>3</count></DescribeVpcsResponse>",
    );
  });

  it("escapes text as AWS does (quotes left alone) and drops characters XML cannot carry", () => {
    const xml = serializeQueryResponse(service(), "CreateTags", { value: `<a href="x">&'\u0001\r` }, "r");
    expect(xml).toContain(`<value>&lt;a href="x"&gt;&amp;'&#xD;</value>`);
  });

  it("writes IAM/STS's envelope with a Result, <member> lists and ResponseMetadata", () => {
    const xml = serializeQueryResponse(iamLike, "ListUsers", { Users: [{ UserName: "lab-user" }], IsTruncated: false }, "req-2");
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
        "<ListUsersResult><Users><member><UserName>lab-user</UserName></member></Users><IsTruncated>false</IsTruncated></ListUsersResult>" +
        "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></ListUsersResponse>",
    );
  });

  it("leaves out the Result element of an action without output, as IAM does", () => {
    expect(serializeQueryResponse(iamLike, "DeleteUser", undefined, "r")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>",
    );
  });

  it("refuses a body that is not an object (an operation bug, answered as an internal error)", () => {
    expect(() => serializeQueryResponse(service(), "DescribeVpcs", [1, 2], "r")).toThrow("not an object");
  });
});

describe("error envelopes", () => {
  const error = new AwsError("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist");

  it("writes EC2's <Response><Errors> with RequestID", () => {
    const response = renderError({ family: "ec2" }, error, "r-1");
    expect(response.status).toBe(400);
    expect(response.headers).toEqual({ "Content-Type": "text/xml;charset=UTF-8", "x-amzn-RequestId": "r-1" });
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>' +
        "<Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
    );
  });

  it("writes IAM/STS's <ErrorResponse> with Sender for client errors and Receiver for server errors", () => {
    const style = { family: "query", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/" } as const;
    expect(renderError(style, new AwsError("InvalidClientTokenId", "bad", 403), "r-2").body).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>' +
        "<Message>bad</Message></Error><RequestId>r-2</RequestId></ErrorResponse>\n",
    );
    expect(renderError(style, new AwsError("InternalFailure", "x", 500), "r").body).toContain("<Type>Receiver</Type>");
  });

  it("writes S3's <Error> with its detail elements, and JSON services' __type", () => {
    const s3 = renderError({ family: "s3" }, new AwsError("InvalidAccessKeyId", "no", 403, { AWSAccessKeyId: "AKIA1" }), "r-3");
    expect(s3.status).toBe(403);
    expect(s3.headers["x-amz-request-id"]).toBe("r-3");
    expect(s3.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidAccessKeyId</Code><Message>no</Message><AWSAccessKeyId>AKIA1</AWSAccessKeyId>' +
        `<RequestId>r-3</RequestId><HostId>${Buffer.from("r-3").toString("base64")}</HostId></Error>`,
    );
    const json = renderError({ family: "json" }, new AwsError("UnrecognizedClientException", "bad"), "r-4");
    expect(JSON.parse(String(json.body))).toEqual({ __type: "UnrecognizedClientException", message: "bad" });
    expect(json.headers["x-amzn-ErrorType"]).toBe("UnrecognizedClientException");
  });
});
