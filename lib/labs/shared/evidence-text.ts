/** A route table, a security group and an instance printed as the AWS console lists them, for the write-up's evidence. */
import type { Instance, IpPermission, RouteTable, SecurityGroup } from "@aws-sdk/client-ec2";
import { rulePortRange, ruleProtocolName, ruleTypeName } from "@/lib/console/rule-presets";
import { labelOf, routeTarget } from "@/lib/labs/resources";

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text.padEnd(width);
}

export function routeTableText(table: RouteTable | undefined, subnetId?: string): string {
  if (!table) return "(no route table)";
  const head = `Route table ${labelOf(table.RouteTableId ?? "?", table.Tags)}${subnetId ? `, used by subnet ${subnetId}` : ""}`;
  const rows = (table.Routes ?? []).map((route) => {
    const destination = route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? "?";
    return `${pad(destination, 20)}${pad(routeTarget(route), 26)}${route.State ?? ""}`;
  });
  return [head, `${pad("Destination", 20)}${pad("Target", 26)}State`, ...rows].join("\n");
}

function sources(permission: IpPermission): string[] {
  return [
    ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ""),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId ?? ""),
    ...(permission.PrefixListIds ?? []).map((list) => list.PrefixListId ?? ""),
  ];
}

/** The inbound rules with the AWS console's columns: Type, Protocol, Port range, Source. */
export function securityGroupText(group: SecurityGroup | undefined): string {
  if (!group) return "(no security group)";
  const rows = (group.IpPermissions ?? []).flatMap((permission) => {
    const rule = { protocol: permission.IpProtocol ?? "-1", fromPort: permission.FromPort, toPort: permission.ToPort };
    const columns = `${pad(ruleTypeName(rule), 18)}${pad(ruleProtocolName(rule), 10)}${pad(rulePortRange(rule), 12)}`;
    return sources(permission).map((source) => `${columns}${source}`);
  });
  const head = `${pad("Type", 18)}${pad("Protocol", 10)}${pad("Port range", 12)}Source`;
  return [`Security group ${group.GroupName} (${group.GroupId}) inbound rules`, head, ...(rows.length ? rows : ["(none)"])].join("\n");
}

export function instanceText(instance: Instance | undefined, label: string): string {
  if (!instance) return `${label}: none`;
  const publicIp = instance.PublicIpAddress ? `, public ${instance.PublicIpAddress}` : "";
  return `${label}: ${labelOf(instance.InstanceId ?? "?", instance.Tags)}, ${instance.State?.Name}, private ${instance.PrivateIpAddress}${publicIp}, subnet ${instance.SubnetId}`;
}
