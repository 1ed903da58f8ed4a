/**
 * The AWS Regions the sandbox accepts in a credential scope: the commercial Regions AWS enables
 * for every account by default (opt-in Regions such as af-south-1 are refused, as AWS refuses them
 * for an account that has not opted in). One list for the whole sandbox: the SigV4 check, EC2's
 * DescribeRegions and the zones come from it.
 */
export const REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
];

const KNOWN = new Set(REGIONS);

export function isKnownRegion(region: string): boolean {
  return KNOWN.has(region);
}
