/** AWS-shaped ids: a prefix and 17 lower-case hex digits (vpc-0a1b2c3d4e5f67890). */
import crypto from "node:crypto";

export function randomHex(digits: number): string {
  return crypto.randomBytes(Math.ceil(digits / 2)).toString("hex").slice(0, digits);
}

export function newId(prefix: string): string {
  return `${prefix}-${randomHex(17)}`;
}

/** A locally administered unicast MAC address, as EC2 gives network interfaces. */
export function newMacAddress(): string {
  const bytes = crypto.randomBytes(6);
  bytes[0] = (bytes[0] | 0x02) & 0xfe;
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
