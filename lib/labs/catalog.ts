/** The two labs of docs/labs.md, as the home page and the step rail present them. */
export interface LabStepSummary {
  id: string;
  title: string;
}

export interface LabSummary {
  id: "vpc-peering" | "vpc-endpoints";
  title: string;
  summary: string;
  estimatedMinutes: number;
  steps: LabStepSummary[];
}

export const LABS: LabSummary[] = [
  {
    id: "vpc-peering",
    title: "VPC Peering",
    summary:
      "Build two VPCs with non-overlapping address ranges, connect them with a peering connection, and launch an instance in each. Then find out why the first ping from one instance to the other gets no answer, and fix the routes and security group rules until it does.",
    estimatedMinutes: 45,
    steps: [
      { id: "vpcs", title: "Create two VPCs" },
      { id: "peering", title: "Create and accept a peering connection" },
      { id: "routes", title: "Route each VPC to the other" },
      { id: "instances", title: "Launch an instance in each VPC" },
      { id: "connect", title: "Connect to instance 1 with EC2 Instance Connect" },
      { id: "ping", title: "Ping instance 2 from instance 1" },
    ],
  },
  {
    id: "vpc-endpoints",
    title: "VPC Endpoints",
    summary:
      "Reach an S3 bucket from an instance privately through a gateway VPC endpoint. Lock the bucket so it only answers through the endpoint, watch the console and the instance get locked out, then add the endpoint route and tighten the endpoint policy to see exactly who gets in.",
    estimatedMinutes: 60,
    steps: [
      { id: "architecture", title: "Build a VPC, an instance and an S3 bucket" },
      { id: "connect", title: "Connect to the instance" },
      { id: "access-keys", title: "Create access keys and configure the CLI" },
      { id: "s3-over-internet", title: "Use S3 from the instance" },
      { id: "endpoint", title: "Create a gateway endpoint for S3" },
      { id: "bucket-policy", title: "Allow the bucket only through the endpoint" },
      { id: "endpoint-route", title: "Route S3 traffic through the endpoint" },
      { id: "endpoint-policy", title: "Restrict the endpoint policy" },
    ],
  },
];

export function findLab(id: string): LabSummary | undefined {
  return LABS.find((lab) => lab.id === id);
}
