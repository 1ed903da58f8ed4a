/** AWS's error envelopes, one per protocol family, with the headers each family sends. */
import type { ErrorStyle } from "./error-style";
import { AwsError } from "./errors";
import { element, escapeAttribute } from "./xml";

export interface WireResponse {
  status: number;
  /** A Content-Length given here is kept (HEAD answers the size of a body it does not send). */
  headers: Record<string, string>;
  /** Text (sent as UTF-8), bytes, or bytes read as they are sent (S3 objects; Content-Length is then in headers). */
  body: string | Buffer | AsyncIterable<Buffer>;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function ec2ErrorBody(error: AwsError, requestId: string): string {
  return (
    `${XML_DECLARATION}\n<Response><Errors><Error>${element("Code", error.code)}${element("Message", error.message)}` +
    `</Error></Errors>${element("RequestID", requestId)}</Response>`
  );
}

function queryErrorBody(error: AwsError, requestId: string, xmlns: string): string {
  const type = error.httpStatus >= 500 ? "Receiver" : "Sender";
  return (
    `<ErrorResponse xmlns="${escapeAttribute(xmlns)}"><Error>${element("Type", type)}${element("Code", error.code)}` +
    `${element("Message", error.message)}</Error>${element("RequestId", requestId)}</ErrorResponse>\n`
  );
}

/** S3's id-2 is an opaque base64 token; the request id stands in for it. */
function s3HostId(requestId: string): string {
  return Buffer.from(requestId).toString("base64");
}

function s3ErrorBody(error: AwsError, requestId: string): string {
  const details = Object.entries(error.details ?? {})
    .map(([name, value]) => element(name, value))
    .join("");
  return (
    `${XML_DECLARATION}\n<Error>${element("Code", error.code)}${element("Message", error.message)}${details}` +
    `${element("RequestId", requestId)}${element("HostId", s3HostId(requestId))}</Error>`
  );
}

/** The error response AWS would send for `error` in the given style. */
export function renderError(style: ErrorStyle, error: AwsError, requestId: string): WireResponse {
  switch (style.family) {
    case "ec2":
      return xmlResponse(error.httpStatus, ec2ErrorBody(error, requestId), { "x-amzn-RequestId": requestId });
    case "query":
      return xmlResponse(error.httpStatus, queryErrorBody(error, requestId, style.xmlns), { "x-amzn-RequestId": requestId });
    case "s3":
      return {
        status: error.httpStatus,
        headers: { "Content-Type": "application/xml", "x-amz-request-id": requestId, "x-amz-id-2": s3HostId(requestId), ...error.headers },
        body: s3ErrorBody(error, requestId),
      };
    case "json":
      return {
        status: error.httpStatus,
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "x-amzn-RequestId": requestId,
          "x-amzn-ErrorType": error.code,
        },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
  }
}

export function xmlResponse(status: number, body: string, headers: Record<string, string>): WireResponse {
  return { status, headers: { "Content-Type": "text/xml;charset=UTF-8", ...headers }, body };
}

