/** Lab 2's items, each with the step that builds it (its VPC's through lib/labs/shared/vpc-inventory.ts). */
import type { LabSnapshot } from "@/lib/analysis";
import { vpcItems } from "@/lib/labs/shared/vpc-inventory";
import type { LabItem } from "@/lib/labs/steps";
import { isFullAccessPolicy, lab2Bucket, lab2Endpoint, lab2Side } from "./resources";

const GONE_ENDPOINT = /^(deleted|deleting)$/i;

export function lab2Inventory(snapshot: LabSnapshot): LabItem[] {
  const vpcId = lab2Side(snapshot).vpc?.VpcId;
  const vpcIds = vpcId ? [vpcId] : [];
  const labEndpoint = lab2Endpoint(snapshot);
  // Every endpoint in the VPC must go before the VPC can; the lab's S3 one is Step 5's.
  const endpoints = snapshot.vpcEndpoints.filter((endpoint) => endpoint.VpcId && vpcIds.includes(endpoint.VpcId) && !GONE_ENDPOINT.test(endpoint.State ?? ""));
  const bucket = lab2Bucket(snapshot, true);
  const items: LabItem[] = [];
  if (labEndpoint?.VpcEndpointId) {
    const id = labEndpoint.VpcEndpointId;
    if (!isFullAccessPolicy(labEndpoint.PolicyDocument)) items.push({ kind: "endpoint-policy", id, step: 8 });
    for (const routeTableId of labEndpoint.RouteTableIds ?? []) {
      items.push({ kind: "endpoint-route-table", id: `${id} route table ${routeTableId}`, endpointId: id, routeTableId, step: 7 });
    }
  }
  items.push(...endpoints.map((endpoint): LabItem => ({ kind: "vpc-endpoint", id: endpoint.VpcEndpointId!, step: 5 })));
  if (bucket && (bucket.policy || bucket.policyError === "AccessDenied")) {
    const instance = lab2Side(snapshot).instance;
    const viaInstanceId = instance?.State?.Name === "running" ? instance.InstanceId : undefined;
    items.push({ kind: "bucket-policy", id: bucket.name, viaInstanceId, step: 6 });
  }
  if (bucket) items.push({ kind: "bucket", id: bucket.name, step: 1 });
  items.push(...vpcItems(snapshot, vpcIds, "vpc-endpoints", { network: 1, instances: 1, addresses: 2 }));
  return items;
}
