"use client";

import type { IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import { useState } from "react";
import { authorizeSecurityGroupRuleAction } from "@/lib/actions/authorize-security-group-rule";
import { revokeSecurityGroupRuleAction } from "@/lib/actions/revoke-security-group-rule";
import { RULE_PRESETS, type RulePreset, ruleTypeLabel } from "@/lib/console/rule-presets";
import { ActionOutcome } from "./action-result";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section, Table } from "./details";
import { useAwsAction } from "./use-aws-action";

interface Props {
  group: SecurityGroup;
  onSelect: (id: string) => void;
  /** The rule form's Source hint (`ruleSourceHint`). */
  sourceHint: string;
}

/** One row per peer of a permission, as the AWS console lists rules. */
interface RuleRow {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  peer: string;
  description?: string;
}

function rowsOf(permissions: IpPermission[] | undefined): RuleRow[] {
  return (permissions ?? []).flatMap((permission) => {
    const base = { protocol: permission.IpProtocol ?? "-1", fromPort: permission.FromPort, toPort: permission.ToPort };
    return [
      ...(permission.IpRanges ?? []).map((range) => ({ ...base, peer: range.CidrIp!, description: range.Description })),
      ...(permission.UserIdGroupPairs ?? []).map((pair) => ({ ...base, peer: pair.GroupId!, description: pair.Description })),
      ...(permission.PrefixListIds ?? []).map((list) => ({ ...base, peer: list.PrefixListId!, description: list.Description })),
    ];
  });
}

function RuleList({ group, isEgress }: { group: SecurityGroup; isEgress: boolean }) {
  const revoke = useAwsAction(revokeSecurityGroupRuleAction);
  const rows = rowsOf(isEgress ? group.IpPermissionsEgress : group.IpPermissions).map((rule) => [
    ruleTypeLabel(rule),
    <Mono key="p">{rule.peer}</Mono>,
    rule.description ?? "",
    <SmallButton
      key="x"
      tone="danger"
      pending={revoke.pending}
      aria-label={`Remove ${isEgress ? "outbound" : "inbound"} ${ruleTypeLabel(rule)} ${rule.peer}`}
      onClick={() => revoke.run({ groupId: group.GroupId!, isEgress, ...rule })}
    >
      Remove
    </SmallButton>,
  ]);
  return (
    <div className="space-y-2">
      <Table head={["Type", isEgress ? "Destination" : "Source", "Description", ""]} rows={rows} wide={[1]} empty="No rules: nothing is allowed." />
      <ActionOutcome result={revoke.result} />
    </div>
  );
}

function AddRuleForm({ group, sourceHint }: { group: SecurityGroup; sourceHint: string }) {
  const [direction, setDirection] = useState<"inbound" | "outbound">("inbound");
  const [preset, setPreset] = useState<RulePreset>("all-icmp-ipv4");
  const [port, setPort] = useState("");
  const [source, setSource] = useState("");
  const [description, setDescription] = useState("");
  const add = useAwsAction(authorizeSecurityGroupRuleAction, () => setSource(""));
  const needsPort = preset.startsWith("custom");
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        add.run({ groupId: group.GroupId!, direction, rule: { preset, port: needsPort ? Number(port) : undefined, source, description } });
      }}
    >
      <div className="grid grid-cols-2 gap-2">
        <Select label="Direction" value={direction} onChange={(e) => setDirection(e.target.value as "inbound" | "outbound")}>
          <option value="inbound">Inbound</option>
          <option value="outbound">Outbound</option>
        </Select>
        <Select label="Type" value={preset} onChange={(e) => setPreset(e.target.value as RulePreset)}>
          {Object.entries(RULE_PRESETS).map(([key, value]) => (
            <option key={key} value={key}>
              {value.label}
            </option>
          ))}
        </Select>
        {needsPort ? <TextInput label="Port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} /> : null}
        <TextInput
          label={direction === "inbound" ? "Source" : "Destination"}
          placeholder={sourceHint}
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
        <TextInput label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <SmallButton type="submit" tone="primary" pending={add.pending}>
        Add rule
      </SmallButton>
      <ActionOutcome result={add.result} />
    </form>
  );
}

export function SecurityGroupPanel({ group, onSelect, sourceHint }: Props) {
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Security group", <Mono key="id">{group.GroupId}</Mono>],
          ["Name", group.GroupName],
          ["Description", group.Description],
          ["VPC", group.VpcId ? <ResourceLink key="vpc" id={group.VpcId} onSelect={onSelect} /> : "—"],
        ]}
      />
      <p className="text-sm text-slate-700">Security groups are stateful: the reply to an allowed request is always allowed back.</p>
      <Section title="Inbound rules">
        <RuleList group={group} isEgress={false} />
      </Section>
      <Section title="Outbound rules">
        <RuleList group={group} isEgress />
      </Section>
      <Section title="Add a rule">
        <AddRuleForm group={group} sourceHint={sourceHint} />
      </Section>
    </div>
  );
}
