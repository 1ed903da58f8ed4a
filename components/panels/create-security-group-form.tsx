"use client";

import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { createSecurityGroupAction } from "@/lib/actions/create-security-group";
import { RULE_PRESETS, type RulePreset } from "@/lib/console/rule-presets";
import type { LabId } from "@/lib/labs/lab-id";
import { ruleSourceHint, suggestedSecurityGroup, vpcsForLab } from "@/lib/labs/lab-vpcs";
import { vpcOptionLabel } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { Select, SmallButton, TextInput } from "./controls";
import { useAwsAction } from "./use-aws-action";

interface RuleDraft {
  key: number;
  preset: RulePreset;
  port: string;
  source: string;
  description: string;
}

interface RuleRowProps {
  rule: RuleDraft;
  number: number;
  sourceHint: string;
  onChange: (rule: RuleDraft) => void;
  onRemove: () => void;
}

function RuleRow({ rule, number, sourceHint, onChange, onRemove }: RuleRowProps) {
  const needsPort = rule.preset.startsWith("custom");
  return (
    <fieldset className="grid grid-cols-2 gap-2 rounded-md border border-slate-200 p-2">
      <legend className="px-1 text-xs font-medium text-slate-600">Inbound rule {number}</legend>
      <Select label="Type" value={rule.preset} onChange={(e) => onChange({ ...rule, preset: e.target.value as RulePreset })}>
        {Object.entries(RULE_PRESETS).map(([key, value]) => (
          <option key={key} value={key}>
            {value.label}
          </option>
        ))}
      </Select>
      {needsPort ? <TextInput label="Port" inputMode="numeric" value={rule.port} onChange={(e) => onChange({ ...rule, port: e.target.value })} /> : null}
      <TextInput label="Source" placeholder={sourceHint} value={rule.source} onChange={(e) => onChange({ ...rule, source: e.target.value })} />
      <TextInput label="Description - optional" value={rule.description} onChange={(e) => onChange({ ...rule, description: e.target.value })} />
      <div className="col-span-2">
        <SmallButton tone="danger" aria-label={`Delete inbound rule ${number}`} onClick={onRemove}>
          Delete
        </SmallButton>
      </div>
    </fieldset>
  );
}

/**
 * Create security group, as the VPC console's form: name, description, VPC and inbound rules. AWS gives
 * the group one outbound rule (all traffic) by itself; the form says so rather than asking.
 */
export function CreateSecurityGroupForm({ snapshot, labId, onCreated }: { snapshot: LabSnapshot; labId?: LabId; onCreated?: (groupId: string) => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [picked, setVpcId] = useState("");
  const [rules, setRules] = useState<RuleDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const vpcs = vpcsForLab(snapshot, labId);
  const vpcId = vpcs.some((vpc) => vpc.VpcId === picked) ? picked : (vpcs[0]?.VpcId ?? "");
  const hint = suggestedSecurityGroup(snapshot, labId, vpcId);
  const create = useAwsAction(createSecurityGroupAction, (data) => {
    setName("");
    setDescription("");
    setRules([]);
    onCreated?.(data.groupId);
  });
  const addRule = () => {
    setRules([...rules, { key: nextKey, preset: "ssh", port: "", source: "", description: "" }]);
    setNextKey(nextKey + 1);
  };
  return (
    <form
      aria-label="Create a security group"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const inbound = rules.map((rule) => ({ preset: rule.preset, port: rule.preset.startsWith("custom") ? Number(rule.port) : undefined, source: rule.source, description: rule.description }));
        create.run({ vpcId, name, description, inbound });
      }}
    >
      {/* One above the other: a description is a sentence, cut at half a panel's width at 1280 px. */}
      <div className="space-y-2">
        <TextInput label="Security group name" placeholder={hint.name} value={name} onChange={(e) => setName(e.target.value)} />
        <TextInput label="Description" placeholder={hint.description} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <Select label="VPC" value={vpcId} onChange={(e) => setVpcId(e.target.value)}>
        {vpcs.map((vpc) => (
          <option key={vpc.VpcId} value={vpc.VpcId}>
            {vpcOptionLabel(vpc)}
          </option>
        ))}
      </Select>
      <div className="space-y-2">
        <p className="text-sm font-medium text-slate-700">Inbound rules</p>
        {rules.length === 0 ? <p className="text-xs text-slate-600">This security group has no inbound rules.</p> : null}
        {rules.map((rule, index) => (
          <RuleRow
            key={rule.key}
            rule={rule}
            number={index + 1}
            sourceHint={ruleSourceHint(snapshot, vpcId)}
            onChange={(changed) => setRules(rules.map((candidate) => (candidate.key === rule.key ? changed : candidate)))}
            onRemove={() => setRules(rules.filter((candidate) => candidate.key !== rule.key))}
          />
        ))}
        <SmallButton onClick={addRule}>Add inbound rule</SmallButton>
      </div>
      <p className="text-xs text-slate-600">Outbound: AWS allows all traffic out of a new group; edit it once created.</p>
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create security group
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
