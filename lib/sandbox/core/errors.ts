/** An error AWS would answer with: its code (e.g. "InvalidVpcID.NotFound"), message and HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** Extra elements S3 puts in its <Error> (e.g. AWSAccessKeyId, StringToSign), in order. */
    readonly details?: Readonly<Record<string, string>>,
    /** Response headers S3 sends with this error (x-amz-delete-marker on a deleted object). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}
