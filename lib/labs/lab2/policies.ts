/** Lab 2's policy documents, shared by do-it-for-me and the bucket panel's template (no server code here). */

/** docs/labs.md, Lab 2 step 6: deny s3:* on the bucket and its objects unless the request comes through the endpoint. */
export function denyUnlessThroughEndpoint(bucket: string, endpointId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyUnlessThroughEndpoint",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { StringNotEquals: { "aws:SourceVpce": endpointId } },
      },
    ],
  });
}
