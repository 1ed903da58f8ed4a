"use client";

import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { deleteVpcEndpointAction } from "@/lib/actions/delete-vpc-endpoint";
import { labelOf } from "@/lib/labs/resources";
import { ActionOutcome } from "@/components/panels/action-result";
import { SmallButton } from "@/components/panels/controls";
import { StateBadge } from "@/components/panels/details";
import { useAwsAction } from "@/components/panels/use-aws-action";
import { ListRow, ListSection } from "./list-section";

function EndpointRow({ snapshot, endpoint, selectedId, onSelect }: { snapshot: LabSnapshot; endpoint: VpcEndpoint; selectedId?: string; onSelect: (id: string) => void }) {
  const remove = useAwsAction(deleteVpcEndpointAction);
  const id = endpoint.VpcEndpointId!;
  const vpc = snapshot.vpcs.find((candidate) => candidate.VpcId === endpoint.VpcId);
  const state = endpoint.State?.toLowerCase();
  return (
    <ListRow
      label={labelOf(id, endpoint.Tags)}
      selected={selectedId === id}
      onSelect={() => onSelect(id)}
      state={<StateBadge state={state} />}
      detail={`${endpoint.VpcEndpointType ?? "Gateway"} · ${endpoint.ServiceName ?? ""} · ${vpc ? labelOf(vpc.VpcId!, vpc.Tags) : endpoint.VpcId}`}
    >
      {state !== "deleting" && state !== "deleted" ? (
        <SmallButton tone="danger" pending={remove.pending} aria-label={`Delete ${id}`} onClick={() => remove.run({ endpointId: id })}>
          Delete
        </SmallButton>
      ) : null}
      <ActionOutcome result={remove.result} />
    </ListRow>
  );
}

/** VPC endpoints with their Name tag, type, service, VPC and state. */
export function EndpointList({ snapshot, selectedId, onSelect }: { snapshot: LabSnapshot; selectedId?: string; onSelect: (id: string) => void }) {
  return (
    <ListSection title="VPC endpoints" empty="No VPC endpoints. Create one from a VPC's panel.">
      {snapshot.vpcEndpoints.map((endpoint) => (
        <EndpointRow key={endpoint.VpcEndpointId} snapshot={snapshot} endpoint={endpoint} selectedId={selectedId} onSelect={onSelect} />
      ))}
    </ListSection>
  );
}
