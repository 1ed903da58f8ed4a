"use client";

import type { VpcPeeringConnection } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { acceptPeeringAction } from "@/lib/actions/accept-peering";
import { deletePeeringAction } from "@/lib/actions/delete-peering";
import { labelOf } from "@/lib/labs/resources";
import { ActionOutcome } from "@/components/panels/action-result";
import { SmallButton } from "@/components/panels/controls";
import { StateBadge } from "@/components/panels/details";
import { useAwsAction } from "@/components/panels/use-aws-action";
import { ListRow, ListSection } from "./list-section";

/** States in which AWS still lets the connection be deleted (a failed, rejected or expired one just ages out). */
const DELETABLE = new Set(["initiating-request", "pending-acceptance", "provisioning", "active"]);

function vpcLabel(snapshot: LabSnapshot, info: VpcPeeringConnection["RequesterVpcInfo"]): string {
  const vpc = snapshot.vpcs.find((candidate) => candidate.VpcId === info?.VpcId);
  return vpc ? labelOf(vpc.VpcId!, vpc.Tags) : (info?.VpcId ?? "?");
}

function PeeringRow({ snapshot, connection, selectedId, onSelect }: { snapshot: LabSnapshot; connection: VpcPeeringConnection; selectedId?: string; onSelect: (id: string) => void }) {
  const accept = useAwsAction(acceptPeeringAction);
  const remove = useAwsAction(deletePeeringAction);
  const id = connection.VpcPeeringConnectionId!;
  const status = connection.Status?.Code;
  return (
    <ListRow
      label={labelOf(id, connection.Tags)}
      selected={selectedId === id}
      onSelect={() => onSelect(id)}
      state={<StateBadge state={status} />}
      detail={`${vpcLabel(snapshot, connection.RequesterVpcInfo)} → ${vpcLabel(snapshot, connection.AccepterVpcInfo)}`}
    >
      {status === "pending-acceptance" ? (
        <SmallButton tone="primary" pending={accept.pending} aria-label={`Accept request ${id}`} onClick={() => accept.run({ peeringId: id })}>
          Accept request
        </SmallButton>
      ) : null}
      {status && DELETABLE.has(status) ? (
        <SmallButton tone="danger" pending={remove.pending} aria-label={`Delete ${id}`} onClick={() => remove.run({ peeringId: id })}>
          Delete
        </SmallButton>
      ) : null}
      <ActionOutcome result={accept.result ?? remove.result} />
    </ListRow>
  );
}

/** Peering connections with their Name tag and state, and the actions the state allows. */
export function PeeringList({ snapshot, selectedId, onSelect }: { snapshot: LabSnapshot; selectedId?: string; onSelect: (id: string) => void }) {
  return (
    <ListSection title="Peering connections" empty="No peering connections. Request one from a VPC's panel.">
      {snapshot.peeringConnections.map((connection) => (
        <PeeringRow key={connection.VpcPeeringConnectionId} snapshot={snapshot} connection={connection} selectedId={selectedId} onSelect={onSelect} />
      ))}
    </ListSection>
  );
}
