/** The `aws` command of a simulated host: parses the global options and hands over to configure, s3, s3api or sts. */
import { type AwsInvocation, EXIT, parseArgs, USAGE } from "./aws-cli";
import { configure } from "./aws-configure";
import { s3Command } from "./aws-s3";
import { s3apiCommand } from "./aws-s3api";
import { getCallerIdentity } from "./aws-sts";
import type { Command } from "./shell";

const SUPPORTED = "configure, s3 (ls, cp, rm), s3api (get-, put-, delete-bucket-policy) and sts get-caller-identity";

export const aws: Command = async (context) => {
  const { globals, positional, flags } = parseArgs(context.args, context.env);
  const facts = await context.shell.facts();
  const invocation: AwsInvocation = {
    context,
    globals,
    instanceRegion: facts.region,
    usageError(message) {
      context.err(`\n${USAGE}\naws: error: ${message}\n`);
      return EXIT.usage;
    },
  };
  const [service, operation, ...rest] = positional;
  if (service === undefined) return invocation.usageError("the following arguments are required: command");
  if (service === "configure") return configure(invocation, positional.slice(1));
  if (service === "s3") return s3Command(invocation, operation, rest, flags);
  if (service === "s3api") return s3apiCommand(invocation, operation, flags);
  if (service === "sts" && operation === "get-caller-identity") return getCallerIdentity(invocation);
  return invocation.usageError(`this simulated host runs ${SUPPORTED}; \`aws ${positional.slice(0, 2).join(" ")}\` is not available here`);
};
