"use client";

import type { SecurityGroup, Subnet } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { deleteSubnetAction } from "@/lib/actions/delete-subnet";
import { launchInstanceAction } from "@/lib/actions/launch-instance";
import { SSH_SOURCES, type SshSource } from "@/lib/console/launch-wizard";
import { setSubnetPublicIpAction } from "@/lib/actions/set-subnet-public-ip";
import type { LabId } from "@/lib/labs/lab-id";
import { suggestedInstanceName } from "@/lib/labs/lab-vpcs";
import { labelOf, nameTag, routeTableOfSubnet } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section } from "./details";
import { useAwsAction } from "./use-aws-action";

interface Props {
  snapshot: LabSnapshot;
  subnet: Subnet;
  onSelect: (id: string) => void;
  /** The lab whose page this is: the launch form hints its instance names. */
  labId?: LabId;
}

type FirewallChoice = "create" | "existing";

/** The launch wizard's "Firewall (security groups)": create a group allowing SSH (AWS's default), or select an existing one. */
function FirewallFields({
  groups,
  choice,
  onChoice,
  groupId,
  onGroupId,
  sshFrom,
  onSshFrom,
}: {
  groups: SecurityGroup[];
  choice: FirewallChoice;
  onChoice: (choice: FirewallChoice) => void;
  groupId: string;
  onGroupId: (id: string) => void;
  sshFrom: SshSource;
  onSshFrom: (source: SshSource) => void;
}) {
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-2">
      <legend className="px-1 text-sm font-medium text-slate-700">Firewall (security groups)</legend>
      <div className="flex flex-wrap gap-4 text-sm text-slate-800">
        <label className="flex items-center gap-1.5">
          <input type="radio" name="firewall" checked={choice === "create"} onChange={() => onChoice("create")} />
          Create security group
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="firewall" checked={choice === "existing"} onChange={() => onChoice("existing")} />
          Select existing security group
        </label>
      </div>
      {choice === "create" ? (
        <>
          <p className="text-xs text-slate-600">A new group named launch-wizard-N, with one inbound rule:</p>
          <Select label="Allow SSH traffic from" value={sshFrom} onChange={(e) => onSshFrom(e.target.value as SshSource)}>
            {Object.entries(SSH_SOURCES).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </Select>
          {sshFrom === "anywhere" ? (
            <p className="text-xs text-amber-800">
              Rules with source of 0.0.0.0/0 allow all IP addresses to access your instance. We recommend setting security group rules to
              allow access from known IP addresses only.
            </p>
          ) : null}
        </>
      ) : (
        <Select label="Security group" value={groupId} onChange={(e) => onGroupId(e.target.value)}>
          {groups.map((group) => (
            <option key={group.GroupId} value={group.GroupId}>
              {group.GroupName} ({group.GroupId})
            </option>
          ))}
        </Select>
      )}
    </fieldset>
  );
}

function LaunchForm({ snapshot, subnet, labId }: { snapshot: LabSnapshot; subnet: Subnet; labId?: LabId }) {
  const groups = snapshot.securityGroups.filter((group) => group.VpcId === subnet.VpcId);
  const [name, setName] = useState("");
  const [choice, setChoice] = useState<FirewallChoice>("create");
  const [sshFrom, setSshFrom] = useState<SshSource>("anywhere");
  const [picked, setGroupId] = useState("");
  // The picked group while it exists; else the VPC's first group of its own, as the list shows it first.
  const groupId = groups.some((group) => group.GroupId === picked) ? picked : (groups.find((group) => group.GroupName !== "default") ?? groups[0])?.GroupId ?? "";
  const launch = useAwsAction(launchInstanceAction, () => setName(""));
  return (
    <form
      aria-label="Launch an instance"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        const firewall = choice === "create" ? { kind: "create" as const, sshFrom } : { kind: "existing" as const, securityGroupIds: groupId ? [groupId] : [] };
        launch.run({ subnetId: subnet.SubnetId!, name, firewall });
      }}
    >
      <TextInput label="Instance name" placeholder={suggestedInstanceName(snapshot, labId, subnet.VpcId)} value={name} onChange={(e) => setName(e.target.value)} />
      <FirewallFields
        groups={groups}
        choice={choice}
        onChoice={setChoice}
        groupId={groupId}
        onGroupId={setGroupId}
        sshFrom={sshFrom}
        onSshFrom={setSshFrom}
      />
      <p className="text-xs text-slate-600">Amazon Linux 2023, t2.micro, no key pair (EC2 Instance Connect).</p>
      <SmallButton type="submit" tone="primary" pending={launch.pending}>
        Launch instance
      </SmallButton>
      <ActionOutcome result={launch.result} />
    </form>
  );
}

export function SubnetPanel({ snapshot, subnet, onSelect, labId }: Props) {
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
        <LaunchForm snapshot={snapshot} subnet={subnet} labId={labId} />
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
