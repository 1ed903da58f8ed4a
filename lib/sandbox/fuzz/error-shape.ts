/**
 * Whether an error answer looks like AWS's for its protocol, strictly: the envelope, in order,
 * well-formed, valid UTF-8, no characters XML cannot carry, a code and a message.
 * EC2:   <?xml…?>\n<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
 * Query: <ErrorResponse xmlns="…"><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
 * S3:    <?xml…?>\n<Error><Code/><Message/>…details…<RequestId/><HostId/></Error>
 * (An answer to HEAD has no body, in any protocol.)
 * JSON:  {"__type": "…", "message": "…"} as application/x-amz-json-1.1
 */
import type { ErrorFamily } from "./requests";
import type { RawResponse } from "./wire";

const XMLNS: Partial<Record<ErrorFamily, string>> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  fallback: "http://webservices.amazon.com/AWSFault/2005-15-09",
};

const CODE = "[A-Za-z][A-Za-z0-9.]*";
/** Element text: escaped (no raw < or &-not-an-entity). */
const TEXT = "(?:[^<&]|&(?:amp|lt|gt|quot|apos|#\\d+|#x[0-9a-fA-F]+);)*";
const DECLARATION = '<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n';

const EC2_ERROR = new RegExp(`^${DECLARATION}<Response><Errors><Error><Code>${CODE}</Code><Message>${TEXT}</Message></Error></Errors><RequestID>[^<&]+</RequestID></Response>$`);
const S3_ERROR = new RegExp(`^${DECLARATION}<Error><Code>${CODE}</Code><Message>${TEXT}</Message>(?:<([A-Za-z][A-Za-z0-9]*)>${TEXT}</\\1>)*<RequestId>[^<&]+</RequestId><HostId>[^<&]+</HostId></Error>$`);

function queryError(xmlns: string): RegExp {
  const escaped = xmlns.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`^<ErrorResponse xmlns="${escaped}"><Error><Type>(?:Sender|Receiver)</Type><Code>${CODE}</Code><Message>${TEXT}</Message></Error><RequestId>[^<&]+</RequestId></ErrorResponse>\\n?$`);
}

/** Characters XML 1.0 cannot carry at all (an SDK's parser refuses the whole answer). */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function isUtf8(body: Buffer): boolean {
  return Buffer.from(body.toString("utf8"), "utf8").equals(body);
}

function jsonErrorProblem(response: RawResponse, text: string): string | undefined {
  const contentType = String(response.headers["content-type"] ?? "");
  if (!contentType.startsWith("application/x-amz-json-1.1")) return `content-type ${contentType || "(none)"}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "body is not JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "body is not a JSON object";
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.__type !== "string" || !new RegExp(`^${CODE}$`).test(fields.__type)) return "no __type";
  const message = fields.message ?? fields.Message;
  if (typeof message !== "string") return "no message";
  return undefined;
}

function xmlErrorProblem(family: ErrorFamily, text: string): string | undefined {
  if (XML_FORBIDDEN.test(text)) return "XML carries characters XML forbids";
  const shape = family === "ec2" ? EC2_ERROR : family === "s3" ? S3_ERROR : queryError(XMLNS[family] ?? "");
  return shape.test(text) ? undefined : `not ${family}'s error envelope`;
}

function problemFor(family: ErrorFamily, response: RawResponse, text: string, method: string): string | undefined {
  // HTTP: an answer to HEAD has no body, whatever the service (S3 answers HEAD errors with the status alone).
  if ((method === "HEAD" || response.status === 304) && text === "") return undefined;
  if (family === "json") return jsonErrorProblem(response, text);
  return xmlErrorProblem(family, text);
}

/**
 * Why an answer is not AWS-shaped, or undefined when it is. Successes are not checked here; an
 * error (4xx, or an S3 redirect with a body) must match one of the families the request allows.
 */
export function errorShapeProblem(response: RawResponse, families: readonly ErrorFamily[], method: string): string | undefined {
  if (response.status < 300 || response.status >= 500) return undefined;
  if (response.status < 400 && response.body.length === 0) return undefined;
  if (!isUtf8(response.body)) return "body is not UTF-8";
  const text = response.body.toString("utf8");
  const problems = families.map((family) => problemFor(family, response, text, method));
  if (problems.some((problem) => problem === undefined)) return undefined;
  return `${problems.join("; ")}: ${JSON.stringify(text.slice(0, 300))}`;
}
