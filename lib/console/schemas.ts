import { z } from "zod";
import { idPattern } from "@/lib/aws/resource-ids";
import { isIpv4Cidr } from "@/lib/cidr";

/** Input shapes shared by the console's actions. AWS validates again; these catch typos early with a clear message. */

export const cidrBlock = z
  .string()
  .trim()
  .refine(isIpv4Cidr, "Enter an IPv4 CIDR block such as 10.1.0.0/16.");

/** AWS's limit for a tag's value, and so for a resource's Name. */
export const TAG_VALUE_MAX_LENGTH = 256;

export const resourceName = z
  .string()
  .trim()
  .max(TAG_VALUE_MAX_LENGTH, `Names are at most ${TAG_VALUE_MAX_LENGTH} characters.`)
  .optional()
  .default("");

export function idOf(prefix: string, what: string) {
  return z.string().trim().regex(idPattern(prefix), `Choose ${/^[aeiouAEIOU]/.test(what) ? "an" : "a"} ${what}.`);
}

export const vpcId = idOf("vpc", "VPC");
export const subnetId = idOf("subnet", "subnet");
export const routeTableId = idOf("rtb", "route table");
export const internetGatewayId = idOf("igw", "internet gateway");
export const peeringId = idOf("pcx", "peering connection");
export const securityGroupId = idOf("sg", "security group");
export const instanceId = idOf("i", "instance");
export const networkAclId = idOf("acl", "network ACL");
export const allocationId = idOf("eipalloc", "Elastic IP");
export const associationId = idOf("eipassoc", "association");

export function nameTags(resourceType: string, name: string) {
  return name ? [{ ResourceType: resourceType as never, Tags: [{ Key: "Name", Value: name }] }] : undefined;
}
