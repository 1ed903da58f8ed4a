/**
 * The security group the EC2 launch wizard creates when the student picks "Create security group":
 * AWS names it launch-wizard-N (the next number not yet used in the account's region) and describes
 * it "launch-wizard-N created <ISO time>", with the SSH rule the wizard offers.
 * No "use server" here: the launch form imports the choices into the browser bundle.
 */

/** Where the wizard's "Allow SSH traffic from" rule lets SSH in. */
export const SSH_SOURCES = {
  anywhere: "Anywhere (0.0.0.0/0)",
  "instance-connect": "EC2 Instance Connect's address range",
} as const;

export type SshSource = keyof typeof SSH_SOURCES;

const WIZARD_NAME = /^launch-wizard-(\d+)$/;

/** launch-wizard-1, or one more than the highest launch-wizard-N among the names. */
export function nextLaunchWizardName(existingNames: Iterable<string | undefined>): string {
  let highest = 0;
  for (const name of existingNames) {
    const number = Number(WIZARD_NAME.exec(name ?? "")?.[1] ?? 0);
    if (number > highest) highest = number;
  }
  return `launch-wizard-${highest + 1}`;
}

export function launchWizardDescription(name: string, now: Date): string {
  return `${name} created ${now.toISOString()}`;
}
