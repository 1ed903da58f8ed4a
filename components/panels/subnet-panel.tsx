"use client";

import type { Subnet } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { deleteSubnetAction } from "@/lib/actions/delete-subnet";
import { launchInstanceAction } from "@/lib/actions/launch-instance";
import { setSubnetPublicIpAction } from "@/lib/actions/set-subnet-public-ip";
import { labelOf, nameTag, routeTableOfSubnet } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section } from "./details";
import { useAwsAction } from "./use-aws-action";

interface Props {
  snapshot: LabSnapshot;
  subnet: Subnet;
  onSelect: (id: string) => void;
}

function LaunchForm({ snapshot, subnet }: { snapshot: LabSnapshot; subnet: Subnet }) {
  const groups = snapshot.securityGroups.filter((group) => group.VpcId === subnet.VpcId);
  const [name, setName] = useState("");
  const [groupId, setGroupId] = useState(groups.find((group) => group.GroupName === "default")?.GroupId ?? groups[0]?.GroupId ?? "");
  const launch = useAwsAction(launchInstanceAction, () => setName(""));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        launch.run({ subnetId: subnet.SubnetId!, name, securityGroupIds: groupId ? [groupId] : [] });
      }}
    >
      <div className="grid grid-cols-2 gap-2">
        <TextInput label="Instance name" placeholder="instance-1" value={name} onChange={(e) => setName(e.target.value)} />
        <Select label="Security group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          {groups.map((group) => (
            <option key={group.GroupId} value={group.GroupId}>
              {group.GroupName} ({group.GroupId})
            </option>
          ))}
        </Select>
      </div>
      <p className="text-xs text-slate-600">Amazon Linux 2023, t2.micro, no key pair (EC2 Instance Connect).</p>
      <SmallButton type="submit" tone="primary" pending={launch.pending}>
        Launch instance
      </SmallButton>
      <ActionOutcome result={launch.result} />
    </form>
  );
}

export function SubnetPanel({ snapshot, subnet, onSelect }: Props) {
  const toggle = useAwsAction(setSubnetPublicIpAction);
  const remove = useAwsAction(deleteSubnetAction);
  const table = routeTableOfSubnet(snapshot, subnet.SubnetId!);
  const acl = snapshot.networkAcls.find((candidate) => candidate.Associations?.some((association) => association.SubnetId === subnet.SubnetId));
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Subnet", <Mono key="id">{subnet.SubnetId}</Mono>],
          ["Name", nameTag(subnet.Tags)],
          ["IPv4 CIDR", <Mono key="cidr">{subnet.CidrBlock}</Mono>],
          ["Availability Zone", subnet.AvailabilityZone],
          ["Free addresses", subnet.AvailableIpAddressCount],
          ["VPC", <ResourceLink key="vpc" id={subnet.VpcId!} onSelect={onSelect} />],
          ["Route table", table ? <ResourceLink key="rtb" id={table.RouteTableId!} onSelect={onSelect}>{labelOf(table.RouteTableId!, table.Tags)}</ResourceLink> : "none"],
          ["Network ACL", acl ? <ResourceLink key="acl" id={acl.NetworkAclId!} onSelect={onSelect} /> : "none"],
          ["Auto-assign public IPv4", subnet.MapPublicIpOnLaunch ? "Yes" : "No"],
        ]}
      />
      <Section title="Public IPv4 on launch">
        <p className="text-sm text-slate-700">
          {subnet.MapPublicIpOnLaunch
            ? "New instances here get a public IPv4 address."
            : "New instances here get only a private address: EC2 Instance Connect will need an Elastic IP."}
        </p>
        <SmallButton pending={toggle.pending} onClick={() => toggle.run({ subnetId: subnet.SubnetId!, enabled: !subnet.MapPublicIpOnLaunch })}>
          {subnet.MapPublicIpOnLaunch ? "Stop assigning public IPv4" : "Auto-assign public IPv4"}
        </SmallButton>
        <ActionOutcome result={toggle.result} />
      </Section>
      <Section title="Launch an instance here">
        <LaunchForm snapshot={snapshot} subnet={subnet} />
      </Section>
      <Section title="Delete">
        <SmallButton tone="danger" pending={remove.pending} onClick={() => remove.run({ subnetId: subnet.SubnetId! })}>
          Delete subnet
        </SmallButton>
        <ActionOutcome result={remove.result} />
      </Section>
    </div>
  );
}
