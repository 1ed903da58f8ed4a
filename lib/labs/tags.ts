/**
 * How the console tags what a lab creates: the ownership tags (lib/aws/ownership.ts, `vpclab:lab`
 * among them) on everything, and `vpclab:role` naming each thing's part in the lab for
 * Do it for me. Checks never require tags. Browser-safe (lab-vpcs.ts reads tags in the diagram).
 */
import type { Tag } from "@aws-sdk/client-ec2";
import { LAB_TAG } from "@/lib/aws/ownership";
import type { LabId } from "./lab-id";

export { LAB_TAG };
export const ROLE_TAG = "vpclab:role";

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** The TagSpecifications of a Create call: Name, the lab and the thing's role in it. */
export function labTagSpecifications(resourceType: string, lab: LabId, role: string, name: string) {
  return [
    {
      ResourceType: resourceType as never,
      Tags: [
        { Key: "Name", Value: name },
        { Key: LAB_TAG, Value: lab },
        { Key: ROLE_TAG, Value: role },
      ],
    },
  ];
}
