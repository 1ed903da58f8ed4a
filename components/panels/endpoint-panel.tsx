"use client";

import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { deleteVpcEndpointAction } from "@/lib/actions/delete-vpc-endpoint";
import { modifyVpcEndpointAction } from "@/lib/actions/modify-vpc-endpoint";
import { ActionOutcome } from "./action-result";
import { RouteTableChecklist } from "./route-table-checklist";
import { ResourceLink, SmallButton } from "./controls";
import { Facts, Mono, Section } from "./details";
import { PolicyEditor, prettyPolicy } from "./policy-editor";
import { useAwsAction } from "./use-aws-action";

const ENDPOINT_POLICY_TEMPLATES = [
  { label: "Full access (default)", document: JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }, null, 2) },
  { label: "Deny everything", document: JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] }, null, 2) },
  {
    label: "Read objects only",
    document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }, null, 2),
  },
];

type ModifyEndpoint = ReturnType<typeof useAwsAction<Parameters<typeof modifyVpcEndpointAction>[0], undefined>>;

/** Keyed by the endpoint's route tables: the checkboxes start again from what AWS says after each change. */
function RouteTables({ snapshot, endpoint, modify }: { snapshot: LabSnapshot; endpoint: VpcEndpoint; modify: ModifyEndpoint }) {
  const tables = snapshot.routeTables.filter((table) => table.VpcId === endpoint.VpcId);
  const current = new Set(endpoint.RouteTableIds ?? []);
  const [chosen, setChosen] = useState(current);
  const add = [...chosen].filter((id) => !current.has(id));
  const remove = [...current].filter((id) => !chosen.has(id));
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        Each chosen route table gets a route to the S3 prefix list through this endpoint; without one, instances still reach S3 over the
        internet gateway.
      </p>
      <RouteTableChecklist legend="Route tables" legendHidden tables={tables} chosen={chosen} onChange={setChosen} />
      <SmallButton
        tone="primary"
        pending={modify.pending}
        disabled={add.length === 0 && remove.length === 0}
        onClick={() => modify.run({ endpointId: endpoint.VpcEndpointId!, addRouteTableIds: add, removeRouteTableIds: remove })}
      >
        Save route tables
      </SmallButton>
    </div>
  );
}

export function EndpointPanel({ snapshot, endpoint, onSelect }: { snapshot: LabSnapshot; endpoint: VpcEndpoint; onSelect: (id: string) => void }) {
  const policy = useAwsAction(modifyVpcEndpointAction);
  const routes = useAwsAction(modifyVpcEndpointAction);
  const remove = useAwsAction(deleteVpcEndpointAction);
  const id = endpoint.VpcEndpointId!;
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Endpoint", <Mono key="id">{id}</Mono>],
          ["Type", endpoint.VpcEndpointType],
          ["Service", <Mono key="svc">{endpoint.ServiceName}</Mono>],
          ["State", endpoint.State],
          ["VPC", endpoint.VpcId ? <ResourceLink key="vpc" id={endpoint.VpcId} onSelect={onSelect} /> : "—"],
        ]}
      />
      <Section title="Route tables">
        <RouteTables key={(endpoint.RouteTableIds ?? []).join(",")} snapshot={snapshot} endpoint={endpoint} modify={routes} />
        <ActionOutcome result={routes.result} />
      </Section>
      <Section title="Endpoint policy">
        <PolicyEditor
          key={endpoint.PolicyDocument ?? ""}
          label="Policy document (JSON)"
          initial={prettyPolicy(endpoint.PolicyDocument)}
          templates={ENDPOINT_POLICY_TEMPLATES}
          pending={policy.pending}
          onSave={(document) => policy.run({ endpointId: id, policy: document })}
          onDelete={() => policy.run({ endpointId: id, policy: "reset" })}
          deleteLabel="Reset to full access"
        />
        <ActionOutcome result={policy.result} />
      </Section>
      <Section title="Delete">
        <SmallButton tone="danger" pending={remove.pending} onClick={() => remove.run({ endpointId: id })}>
          Delete endpoint
        </SmallButton>
        <ActionOutcome result={remove.result} />
      </Section>
    </div>
  );
}
