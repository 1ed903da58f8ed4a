/**
 * The items a lab has inside its VPCs, each with the step that builds it, shared by both labs'
 * inventories (see lib/labs/lab1/inventory.ts): Reset to step N removes those of steps N and later.
 */
import type { LabSnapshot } from "@/lib/analysis";
import { LAB_TAG, tagValue } from "@/lib/labs/tags";
import type { LabId, LabItem } from "@/lib/labs/steps";

const GONE_INSTANCE_STATES = new Set(["terminated", "shutting-down"]);

export interface VpcItemSteps {
  /** VPC, subnets, route tables, internet gateways, network ACLs. */
  network: number;
  instances: number;
  /** Elastic IPs of the lab's instances. */
  addresses: number;
}

/** Everything inside the VPCs, plus the Elastic IPs of their instances and the lab's tagged leftovers. */
export function vpcItems(snapshot: LabSnapshot, vpcIds: string[], lab: LabId, steps: VpcItemSteps): LabItem[] {
  const inLab = (vpcId: string | undefined) => Boolean(vpcId && vpcIds.includes(vpcId));
  const instances = snapshot.instances.filter((instance) => inLab(instance.VpcId) && !GONE_INSTANCE_STATES.has(instance.State?.Name ?? ""));
  const instanceIds = new Set(instances.map((instance) => instance.InstanceId));
  const taggedForLab = (tags: Parameters<typeof tagValue>[0]) => tagValue(tags, LAB_TAG) === lab;
  return [
    ...snapshot.addresses
      .filter((address) => (address.InstanceId && instanceIds.has(address.InstanceId)) || (!address.AssociationId && taggedForLab(address.Tags)))
      .map((address): LabItem => ({ kind: "elastic-ip", id: address.AllocationId!, associationId: address.AssociationId, step: steps.addresses })),
    ...instances.map((instance): LabItem => ({ kind: "instance", id: instance.InstanceId!, step: steps.instances })),
    ...snapshot.routeTables
      .filter((table) => inLab(table.VpcId) && !(table.Associations ?? []).some((association) => association.Main))
      .map((table): LabItem => ({
        kind: "route-table",
        id: table.RouteTableId!,
        associationIds: (table.Associations ?? []).flatMap((association) => (association.SubnetId && association.RouteTableAssociationId ? [association.RouteTableAssociationId] : [])),
        step: steps.network,
      })),
    ...snapshot.subnets.filter((subnet) => inLab(subnet.VpcId)).map((subnet): LabItem => ({ kind: "subnet", id: subnet.SubnetId!, step: steps.network })),
    ...snapshot.networkAcls.filter((acl) => inLab(acl.VpcId) && !acl.IsDefault).map((acl): LabItem => ({ kind: "network-acl", id: acl.NetworkAclId!, step: steps.network })),
    ...snapshot.internetGateways
      .filter((gateway) => {
        const attachments = gateway.Attachments ?? [];
        return attachments.some((attachment) => inLab(attachment.VpcId)) || (attachments.length === 0 && taggedForLab(gateway.Tags));
      })
      .map((gateway): LabItem => ({
        kind: "internet-gateway",
        id: gateway.InternetGatewayId!,
        attachedVpcIds: (gateway.Attachments ?? []).flatMap((attachment) => (attachment.VpcId ? [attachment.VpcId] : [])),
        step: steps.network,
      })),
    ...snapshot.securityGroups
      .filter((group) => inLab(group.VpcId) && group.GroupName !== "default")
      .map((group): LabItem => ({ kind: "security-group", id: group.GroupId!, step: steps.instances })),
    ...vpcIds.map((id): LabItem => ({ kind: "vpc", id, step: steps.network })),
  ];
}
