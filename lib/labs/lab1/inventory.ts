/**
 * What a lab has in the account, item by item, each with the step that builds it: Reset to step N
 * removes the items of steps N and later, Tear down removes them all.
 */
import type { IpPermission } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB_TAG, type LabId, type LabItem, tagValue } from "@/lib/labs/steps";
import { lab1Resources } from "./resources";

const GONE_INSTANCE_STATES = new Set(["terminated", "shutting-down"]);
const LIVE_PEERING = new Set(["initiating-request", "pending-acceptance", "provisioning", "active"]);

export interface VpcItemSteps {
  /** VPC, subnets, route tables, internet gateways, network ACLs. */
  network: number;
  instances: number;
  /** Elastic IPs of the lab's instances. */
  addresses: number;
}

function ingressIcmpPermissions(permissions: IpPermission[] | undefined): IpPermission[] {
  return (permissions ?? [])
    .filter((permission) => permission.IpProtocol === "icmp" && ((permission.IpRanges ?? []).length || (permission.UserIdGroupPairs ?? []).length))
    .map((permission) => ({ IpProtocol: "icmp", FromPort: permission.FromPort, ToPort: permission.ToPort, IpRanges: permission.IpRanges, UserIdGroupPairs: permission.UserIdGroupPairs?.map(({ GroupId }) => ({ GroupId })) }));
}

/** ICMP ingress rules on the security groups of the VPCs (what Lab 1's last step adds). */
export function icmpRuleItems(snapshot: LabSnapshot, vpcIds: string[], step: number): LabItem[] {
  return snapshot.securityGroups
    .filter((group) => group.VpcId && vpcIds.includes(group.VpcId))
    .flatMap((group) =>
      ingressIcmpPermissions(group.IpPermissions).map((permission): LabItem => ({
        kind: "security-group-rule",
        id: `${group.GroupId} inbound ICMP from ${[...(permission.IpRanges ?? []).map((range) => range.CidrIp), ...(permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId)].join(", ")}`,
        groupId: group.GroupId!,
        permission,
        step,
      })),
    );
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

export function lab1Inventory(snapshot: LabSnapshot): LabItem[] {
  const { side1, side2 } = lab1Resources(snapshot);
  const vpcIds = [side1.vpc?.VpcId, side2.vpc?.VpcId].filter((id): id is string => Boolean(id));
  const peerings = snapshot.peeringConnections.filter(
    (pcx) => LIVE_PEERING.has(pcx.Status?.Code ?? "") && (vpcIds.includes(pcx.RequesterVpcInfo?.VpcId ?? "") || vpcIds.includes(pcx.AccepterVpcInfo?.VpcId ?? "")),
  );
  const peeringRoutes = snapshot.routeTables
    .filter((table) => table.VpcId && vpcIds.includes(table.VpcId))
    .flatMap((table) =>
      (table.Routes ?? [])
        .filter((route) => route.VpcPeeringConnectionId && route.DestinationCidrBlock)
        .map((route): LabItem => ({
          kind: "route",
          id: `route ${route.DestinationCidrBlock} -> ${route.VpcPeeringConnectionId} in ${table.RouteTableId}`,
          routeTableId: table.RouteTableId!,
          destination: route.DestinationCidrBlock!,
          step: 3,
        })),
    );
  return [
    ...icmpRuleItems(snapshot, vpcIds, 6),
    ...vpcItems(snapshot, vpcIds, "vpc-peering", { network: 1, instances: 4, addresses: 5 }),
    ...peerings.map((pcx): LabItem => ({ kind: "peering-connection", id: pcx.VpcPeeringConnectionId!, step: 2 })),
    ...peeringRoutes,
  ];
}
