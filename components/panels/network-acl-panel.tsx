"use client";

import type { NetworkAcl, NetworkAclEntry } from "@aws-sdk/client-ec2";
import { useState } from "react";
import { createNetworkAclEntryAction } from "@/lib/actions/create-network-acl-entry";
import { deleteNetworkAclEntryAction } from "@/lib/actions/delete-network-acl-entry";
import { ActionOutcome } from "./action-result";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section, Table } from "./details";
import { useAwsAction } from "./use-aws-action";

const PROTOCOL_NAMES: Record<string, string> = { "-1": "All", "6": "TCP", "17": "UDP", "1": "ICMP" };

function portsOf(entry: NetworkAclEntry): string {
  if (!entry.PortRange) return "All";
  return entry.PortRange.From === entry.PortRange.To ? `${entry.PortRange.From}` : `${entry.PortRange.From}-${entry.PortRange.To}`;
}

function Entries({ acl, egress }: { acl: NetworkAcl; egress: boolean }) {
  const remove = useAwsAction(deleteNetworkAclEntryAction);
  const entries = (acl.Entries ?? []).filter((entry) => entry.Egress === egress).sort((a, b) => a.RuleNumber! - b.RuleNumber!);
  const rows = entries.map((entry) => [
    entry.RuleNumber === 32767 ? "*" : String(entry.RuleNumber),
    PROTOCOL_NAMES[entry.Protocol ?? ""] ?? entry.Protocol,
    portsOf(entry),
    <Mono key="c">{entry.CidrBlock}</Mono>,
    <span key="a" className={entry.RuleAction === "allow" ? "font-semibold text-emerald-800" : "font-semibold text-red-800"}>
      {entry.RuleAction === "allow" ? "Allow" : "Deny"}
    </span>,
    entry.RuleNumber === 32767 ? (
      ""
    ) : (
      <SmallButton
        key="x"
        tone="danger"
        pending={remove.pending}
        aria-label={`Delete ${egress ? "outbound" : "inbound"} rule ${entry.RuleNumber}`}
        onClick={() => remove.run({ networkAclId: acl.NetworkAclId!, ruleNumber: entry.RuleNumber!, egress })}
      >
        Delete
      </SmallButton>
    ),
  ]);
  return (
    <div className="space-y-2">
      <Table head={["Rule", "Protocol", "Ports", egress ? "Destination" : "Source", "Action", ""]} rows={rows} empty="No rules." />
      <ActionOutcome result={remove.result} />
    </div>
  );
}

function AddEntryForm({ acl }: { acl: NetworkAcl }) {
  const [egress, setEgress] = useState(false);
  const [ruleNumber, setRuleNumber] = useState("90");
  const [protocol, setProtocol] = useState<"all" | "tcp" | "udp" | "icmp">("icmp");
  const [ruleAction, setRuleAction] = useState<"allow" | "deny">("deny");
  const [cidr, setCidr] = useState("0.0.0.0/0");
  const [ports, setPorts] = useState("");
  const add = useAwsAction(createNetworkAclEntryAction);
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        const [from, to] = ports.split("-").map((part) => Number(part.trim()));
        add.run({
          networkAclId: acl.NetworkAclId!,
          ruleNumber: Number(ruleNumber),
          egress,
          protocol,
          ruleAction,
          cidr,
          fromPort: ports ? from : undefined,
          toPort: ports ? (to ?? from) : undefined,
        });
      }}
    >
      <div className="grid grid-cols-2 gap-2">
        <Select label="Direction" value={egress ? "outbound" : "inbound"} onChange={(e) => setEgress(e.target.value === "outbound")}>
          <option value="inbound">Inbound</option>
          <option value="outbound">Outbound</option>
        </Select>
        <TextInput label="Rule number" inputMode="numeric" value={ruleNumber} onChange={(e) => setRuleNumber(e.target.value)} />
        <Select label="Action" value={ruleAction} onChange={(e) => setRuleAction(e.target.value as "allow" | "deny")}>
          <option value="allow">Allow</option>
          <option value="deny">Deny</option>
        </Select>
        <Select label="Protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as typeof protocol)}>
          <option value="all">All</option>
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
          <option value="icmp">ICMP</option>
        </Select>
        {/* Full width: the placeholder shows the ephemeral range replies use, which half the panel cuts at 1280 px. */}
        <div className="col-span-2">
          <TextInput label="Ports" placeholder="22 or 1024-65535" value={ports} onChange={(e) => setPorts(e.target.value)} />
        </div>
        <div className="col-span-2">
          <TextInput label="CIDR" value={cidr} onChange={(e) => setCidr(e.target.value)} />
        </div>
      </div>
      <SmallButton type="submit" tone="primary" pending={add.pending}>
        Add rule
      </SmallButton>
      <ActionOutcome result={add.result} />
    </form>
  );
}

export function NetworkAclPanel({ acl, onSelect }: { acl: NetworkAcl; onSelect: (id: string) => void }) {
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Network ACL", <Mono key="id">{acl.NetworkAclId}</Mono>],
          ["Default", acl.IsDefault ? "Yes" : "No"],
          ["VPC", <ResourceLink key="vpc" id={acl.VpcId!} onSelect={onSelect} />],
        ]}
      />
      <p className="text-sm text-slate-700">
        Network ACLs are stateless: replies are checked too, so both directions must allow the traffic. Rules apply in number
        order; the first match decides.
      </p>
      <Section title="Inbound rules">
        <Entries acl={acl} egress={false} />
      </Section>
      <Section title="Outbound rules">
        <Entries acl={acl} egress />
      </Section>
      <Section title="Add a rule">
        <AddEntryForm acl={acl} />
      </Section>
    </div>
  );
}
