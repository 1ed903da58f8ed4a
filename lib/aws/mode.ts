/** Which AWS the console talks to: the embedded sandbox (the default) or a real account (VPCLAB_AWS_MODE=real). */
export type AwsMode = "sandbox" | "real";

export function awsMode(env: Readonly<Record<string, string | undefined>> = process.env): AwsMode {
  return env.VPCLAB_AWS_MODE === "real" ? "real" : "sandbox";
}
