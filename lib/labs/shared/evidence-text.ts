/** A route table, a security group and an instance printed as the AWS console lists them, for the write-up's evidence. */
import type { Instance, IpPermission, RouteTable, SecurityGroup } from "@aws-sdk/client-ec2";
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

function portsOf(permission: IpPermission): string {
  if (permission.IpProtocol === "-1") return "all";
  if (permission.IpProtocol === "icmp") return "all ICMP";
  return permission.FromPort === permission.ToPort ? String(permission.FromPort) : `${permission.FromPort}-${permission.ToPort}`;
}

export function securityGroupText(group: SecurityGroup | undefined): string {
  if (!group) return "(no security group)";
  const rows = (group.IpPermissions ?? []).flatMap((permission) =>
    sources(permission).map((source) => `${pad(permission.IpProtocol === "-1" ? "all" : permission.IpProtocol ?? "", 8)}${pad(portsOf(permission), 12)}${source}`),
  );
  return [`Security group ${group.GroupName} (${group.GroupId}) inbound rules`, `${pad("Proto", 8)}${pad("Ports", 12)}Source`, ...(rows.length ? rows : ["(none)"])].join("\n");
}

export function instanceText(instance: Instance | undefined, label: string): string {
  if (!instance) return `${label}: none`;
  const publicIp = instance.PublicIpAddress ? `, public ${instance.PublicIpAddress}` : "";
  return `${label}: ${labelOf(instance.InstanceId ?? "?", instance.Tags)}, ${instance.State?.Name}, private ${instance.PrivateIpAddress}${publicIp}, subnet ${instance.SubnetId}`;
}
