/** `aws sts get-caller-identity` on a simulated host: the network path to STS, the key's owner, the answer or STS's error. */
import { analyzePacketPath } from "@/lib/analysis";
import { type ApiCall, type AwsInvocation, EXIT, interrupted, prepareCall, printError, printResponse, sessionTokenProblem, waitForConnectTimeouts } from "./aws-cli";

const STS_ADDRESS = "209.54.177.164";

export async function getCallerIdentity(invocation: AwsInvocation): Promise<number> {
  const { context } = invocation;
  const call = await prepareCall(invocation, (message) => printError(context, message));
  if ("kind" in call) return call.status;
  const network = analyzePacketPath(call.world.index, { from: { instanceId: context.shell.instanceId }, to: { address: STS_ADDRESS }, protocol: "tcp", port: 443 });
  if (!network.reachable) {
    if (!(await waitForConnectTimeouts(context, "sts"))) return interrupted(context);
    printError(context, `Connect timeout on endpoint URL: "https://sts.${call.region}.amazonaws.com/"`);
    return EXIT.general;
  }
  const tokenProblem = sessionTokenProblem(call, context.shell.services.now());
  logStsCall(invocation, call, !call.owner ? null : tokenProblem === "invalid" ? "InvalidClientTokenId" : tokenProblem === "expired" ? "ExpiredToken" : call.owner.secretAccessKey !== call.credentials.secretAccessKey ? "SignatureDoesNotMatch" : null);
  if (!call.owner || tokenProblem === "invalid") {
    printError(context, "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.");
    return EXIT.serviceError;
  }
  if (tokenProblem === "expired") {
    printError(context, "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired");
    return EXIT.serviceError;
  }
  if (call.owner.secretAccessKey !== call.credentials.secretAccessKey) {
    printError(
      context,
      "An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    return EXIT.serviceError;
  }
  return printResponse(invocation, { UserId: call.owner.userId, Account: call.owner.accountId, Arn: call.owner.arn });
}

/** A GetCallerIdentity that reached STS with a key IAM knows is in the key owner's activity. */
function logStsCall(invocation: AwsInvocation, call: ApiCall, errorCode: string | null): void {
  if (!call.owner) return;
  invocation.context.shell.services.recordApiCall?.({
    instanceId: invocation.context.shell.instanceId,
    caller: call.owner,
    accessKeyId: call.credentials.accessKeyId,
    service: "sts",
    action: "GetCallerIdentity",
    summary: "",
    errorCode,
    httpStatus: errorCode ? 403 : 200,
  });
}
