"use client";

import type { LabSnapshot } from "@/lib/analysis";
import type { LabId } from "@/lib/labs/lab-id";
import { labelOf, nameTag, vpcLabelOf } from "@/lib/labs/resources";
import { ElasticIpList } from "@/components/lists/elastic-ip-list";
import { EndpointList } from "@/components/lists/endpoint-list";
import { PeeringList } from "@/components/lists/peering-list";

/** Every resource of the account as a list: the keyboard and screen-reader way into the panels. */
export const NOT_OWNED_LABEL = "Not created by VPC Lab — read-only";

export function ResourceList({
  snapshot,
  selectedId,
  onSelect,
  owned,
  labId,
}: {
  snapshot: LabSnapshot;
  selectedId?: string;
  onSelect: (id: string) => void;
  /** The page's lab: forms in the lists preselect its resources. */
  labId?: LabId;
  /** What the console may change; null: everything. */
  owned: ReadonlySet<string> | null;
}) {
  const vpcName = (vpcId: string | undefined) => {
    const vpc = snapshot.vpcs.find((candidate) => candidate.VpcId === vpcId);
    return vpc ? (nameTag(vpc.Tags) ?? (vpc.IsDefault ? "default VPC" : vpc.VpcId)) : undefined;
  };
  const groups: Array<[string, Array<{ id: string; label: string; detail?: string }>]> = [
    [
      "VPCs",
      snapshot.vpcs.map((vpc) => ({
        id: vpc.VpcId!,
        label: vpcLabelOf(vpc),
        detail: vpc.CidrBlock,
      })),
    ],
    ["Subnets", snapshot.subnets.map((subnet) => ({ id: subnet.SubnetId!, label: labelOf(subnet.SubnetId!, subnet.Tags), detail: subnet.CidrBlock }))],
    ["Route tables", snapshot.routeTables.map((table) => ({ id: table.RouteTableId!, label: labelOf(table.RouteTableId!, table.Tags) }))],
    ["Internet gateways", snapshot.internetGateways.map((gateway) => ({ id: gateway.InternetGatewayId!, label: labelOf(gateway.InternetGatewayId!, gateway.Tags) }))],
    ["Instances", snapshot.instances.map((instance) => ({ id: instance.InstanceId!, label: labelOf(instance.InstanceId!, instance.Tags), detail: instance.State?.Name }))],
    ["Security groups", snapshot.securityGroups.map((group) => ({ id: group.GroupId!, label: `${group.GroupName} (${group.GroupId})`, detail: vpcName(group.VpcId) }))],
    ["Network ACLs", snapshot.networkAcls.map((acl) => ({ id: acl.NetworkAclId!, label: acl.NetworkAclId!, detail: acl.IsDefault ? "default" : undefined }))],
    ["S3 buckets", snapshot.buckets.map((bucket) => ({ id: bucket.name, label: bucket.name }))],
  ];
  return (
    <nav aria-label="Resources" className="space-y-3">
      {groups
        .filter(([, items]) => items.length > 0)
        .map(([title, items]) => (
          <section key={title}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{title}</h3>
            <ul className="mt-1">
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    aria-current={item.id === selectedId ? "true" : undefined}
                    onClick={() => onSelect(item.id)}
                    className={`flex w-full items-baseline justify-between gap-2 rounded px-2 py-1 text-left text-sm hover:bg-slate-100 ${
                      item.id === selectedId ? "bg-brand-50 font-semibold text-brand-700" : "text-slate-800"
                    }`}
                  >
                    <span className="truncate">{item.label}</span>
                    {owned && !owned.has(item.id) ? (
                      <span title={NOT_OWNED_LABEL} className="shrink-0 rounded bg-slate-200 px-1 text-xs text-slate-700">
                        read-only
                      </span>
                    ) : null}
                    {item.detail ? <span className="shrink-0 font-mono text-xs text-slate-600">{item.detail}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      {/* The kinds a student acts on from the list itself, as on the console's own list pages. */}
      <PeeringList snapshot={snapshot} selectedId={selectedId} onSelect={onSelect} />
      <EndpointList snapshot={snapshot} selectedId={selectedId} onSelect={onSelect} />
      <ElasticIpList snapshot={snapshot} labId={labId} selectedId={selectedId} onSelect={onSelect} />
    </nav>
  );
}
