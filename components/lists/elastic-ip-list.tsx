"use client";

import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { allocateAddressAction } from "@/lib/actions/allocate-address";
import { associateAddressAction } from "@/lib/actions/associate-address";
import { disassociateAddressAction } from "@/lib/actions/disassociate-address";
import { releaseAddressAction } from "@/lib/actions/release-address";
import { associableInstances, elasticIpRows, hourlyPrice, type ElasticIpRow } from "@/lib/aws/elastic-ips";
import type { LabId } from "@/lib/labs/lab-id";
import { inLabOrder } from "@/lib/labs/lab-vpcs";
import { labelOf } from "@/lib/labs/resources";
import { ActionOutcome } from "@/components/panels/action-result";
import { SmallButton } from "@/components/panels/controls";
import { useAwsAction } from "@/components/panels/use-aws-action";
import { ListRow, ListSection } from "./list-section";

interface RowProps {
  snapshot: LabSnapshot;
  row: ElasticIpRow;
  /** The page's lab: its instances come first, so the preselected one is the lab's (Lab 1's instance 1). */
  labId?: LabId;
}

function AssociateControl({ snapshot, row, labId }: RowProps) {
  const instances = inLabOrder(associableInstances(snapshot), snapshot, labId);
  const [picked, setPicked] = useState("");
  const instanceId = instances.some((instance) => instance.InstanceId === picked) ? picked : (instances[0]?.InstanceId ?? "");
  const associate = useAwsAction(associateAddressAction);
  if (!instances.length) return null;
  return (
    <>
      <select
        aria-label={`Instance for ${row.publicIp}`}
        value={instanceId}
        onChange={(event) => setPicked(event.target.value)}
        className="max-w-40 rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs"
      >
        {instances.map((instance) => (
          <option key={instance.InstanceId} value={instance.InstanceId}>
            {labelOf(instance.InstanceId!, instance.Tags)}
          </option>
        ))}
      </select>
      <SmallButton pending={associate.pending} aria-label={`Associate ${row.publicIp}`} onClick={() => associate.run({ allocationId: row.allocationId, instanceId })}>
        Associate
      </SmallButton>
      <ActionOutcome result={associate.result} />
    </>
  );
}

function AddressRow({ snapshot, row, labId, selectedId, onSelect }: RowProps & { selectedId?: string; onSelect: (id: string) => void }) {
  const disassociate = useAwsAction(disassociateAddressAction);
  const release = useAwsAction(releaseAddressAction);
  const { association } = row;
  const where = association?.instanceId ? `Associated with ${association.instanceName ? `${association.instanceName} (${association.instanceId})` : association.instanceId}` : undefined;
  return (
    <ListRow
      label={row.name ? `${row.name} (${row.publicIp})` : row.publicIp}
      // An address has no panel of its own: its name opens the instance it points at.
      selected={Boolean(association?.instanceId) && selectedId === association?.instanceId}
      onSelect={association?.instanceId ? () => onSelect(association.instanceId!) : undefined}
      state={
        <span className={`shrink-0 rounded px-1 text-xs ${association ? "bg-slate-100 text-slate-700" : "bg-amber-100 text-amber-900"}`}>
          {association ? "in use" : "idle"} · {hourlyPrice(row.hourlyUsd)}
        </span>
      }
      detail={where ?? "Not associated: still allocated, still billed until released."}
    >
      {association ? (
        <SmallButton pending={disassociate.pending} aria-label={`Disassociate ${row.publicIp}`} onClick={() => disassociate.run({ associationId: association.associationId })}>
          Disassociate
        </SmallButton>
      ) : (
        <>
          <AssociateControl snapshot={snapshot} row={row} labId={labId} />
          <SmallButton tone="danger" pending={release.pending} aria-label={`Release ${row.publicIp}`} onClick={() => release.run({ allocationId: row.allocationId })}>
            Release
          </SmallButton>
        </>
      )}
      <ActionOutcome result={disassociate.result ?? release.result} />
    </ListRow>
  );
}

/** Elastic IP addresses: allocate, associate, disassociate, release; an idle one stays listed with what it costs. */
export function ElasticIpList({ snapshot, labId, selectedId, onSelect }: { snapshot: LabSnapshot; labId?: LabId; selectedId?: string; onSelect: (id: string) => void }) {
  const allocate = useAwsAction(allocateAddressAction);
  const rows = elasticIpRows(snapshot);
  return (
    <ListSection
      title="Elastic IPs"
      empty="No Elastic IPs allocated."
      actions={
        <SmallButton pending={allocate.pending} onClick={() => allocate.run({ name: "" })}>
          Allocate Elastic IP address
        </SmallButton>
      }
    >
      {[
        ...rows.map((row) => <AddressRow key={row.allocationId} snapshot={snapshot} row={row} labId={labId} selectedId={selectedId} onSelect={onSelect} />),
        ...(allocate.result ? [<li key="outcome"><ActionOutcome result={allocate.result} /></li>] : []),
      ]}
    </ListSection>
  );
}
