/**
 * What a lab has in the account, item by item, each with the step that builds it: Reset to step N
 * removes the items of steps N and later, Tear down removes them all.
 */
import type { IpPermission } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { vpcItems } from "@/lib/labs/shared/vpc-inventory";
import type { LabItem } from "@/lib/labs/steps";
import { lab1Resources } from "./resources";

const LIVE_PEERING = new Set(["initiating-request", "pending-acceptance", "provisioning", "active"]);

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
