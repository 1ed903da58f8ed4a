/** Marks the console's own AWS calls in the sandbox's activity log (and in CloudTrail on AWS). */
export const CONSOLE_USER_AGENT = "vpc-lab-console";
