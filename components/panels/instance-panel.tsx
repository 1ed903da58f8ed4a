"use client";

import type { Instance } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { allocateAddressAction } from "@/lib/actions/allocate-address";
import { associateAddressAction } from "@/lib/actions/associate-address";
import { changeInstanceStateAction } from "@/lib/actions/change-instance-state";
import { disassociateAddressAction } from "@/lib/actions/disassociate-address";
import { releaseAddressAction } from "@/lib/actions/release-address";
import { elasticIpRows, hourlyPrice } from "@/lib/aws/elastic-ips";
import { PUBLIC_IPV4_HOURLY_USD } from "@/lib/aws/pricing";
import { nameTag } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, SmallButton } from "./controls";
import { Facts, Mono, Section, StateBadge } from "./details";
import { useAwsAction } from "./use-aws-action";

interface Props {
  snapshot: LabSnapshot;
  instance: Instance;
  onSelect: (id: string) => void;
  onConnect: (instanceId: string) => void;
}

/** Idle addresses stay allocated and billed: the panel names them whatever this instance holds. */
function IdleAddresses({ snapshot, instance, canAssociate }: { snapshot: LabSnapshot; instance: Instance; canAssociate: boolean }) {
  const associate = useAwsAction(associateAddressAction);
  const release = useAwsAction(releaseAddressAction);
  const idle = elasticIpRows(snapshot).filter((row) => !row.association);
  if (!idle.length) return null;
  return (
    <div className="space-y-1 text-sm text-slate-700">
      <p>
        Idle Elastic IPs in this account (each billed {hourlyPrice(PUBLIC_IPV4_HOURLY_USD)} on AWS until released; all are listed in the Build
        tab):
      </p>
      {idle.map((row) => (
        <div key={row.allocationId} className="flex items-center gap-2">
          <Mono>{row.publicIp}</Mono>
          {canAssociate ? (
            <SmallButton pending={associate.pending} onClick={() => associate.run({ allocationId: row.allocationId, instanceId: instance.InstanceId! })}>
              Associate with this instance
            </SmallButton>
          ) : null}
          <SmallButton tone="danger" pending={release.pending} onClick={() => release.run({ allocationId: row.allocationId })}>
            Release
          </SmallButton>
        </div>
      ))}
      <ActionOutcome result={associate.result ?? release.result} />
    </div>
  );
}

function ElasticIp({ snapshot, instance }: { snapshot: LabSnapshot; instance: Instance }) {
  const allocate = useAwsAction(allocateAddressAction);
  const disassociate = useAwsAction(disassociateAddressAction);
  const address = snapshot.addresses.find((candidate) => candidate.InstanceId === instance.InstanceId);
  if (address) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-800">
          Elastic IP <Mono>{address.PublicIp}</Mono> ({address.AllocationId})
        </p>
        <div className="flex gap-2">
          <SmallButton pending={disassociate.pending} onClick={() => disassociate.run({ associationId: address.AssociationId! })}>
            Disassociate
          </SmallButton>
        </div>
        <ActionOutcome result={disassociate.result} />
        <IdleAddresses snapshot={snapshot} instance={instance} canAssociate={false} />
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        {instance.PublicIpAddress
          ? "This instance has an auto-assigned public IPv4 address; it changes when the instance stops."
          : "No public IPv4 address. An Elastic IP is a fixed public IPv4 address you allocate and associate with an instance."}
      </p>
      <SmallButton tone="primary" pending={allocate.pending} onClick={() => allocate.run({ instanceId: instance.InstanceId!, name: "" })}>
        Allocate an Elastic IP and associate it
      </SmallButton>
      <ActionOutcome result={allocate.result} />
      <IdleAddresses snapshot={snapshot} instance={instance} canAssociate />
    </div>
  );
}

export function InstancePanel({ snapshot, instance, onSelect, onConnect }: Props) {
  const change = useAwsAction(changeInstanceStateAction);
  const state = instance.State?.Name;
  const elastic = snapshot.addresses.find((candidate) => candidate.InstanceId === instance.InstanceId);
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Instance", <Mono key="id">{instance.InstanceId}</Mono>],
          ["Name", nameTag(instance.Tags)],
          ["State", <StateBadge key="state" state={state} />],
          ["Type", instance.InstanceType],
          ["Private IPv4", <Mono key="ip">{instance.PrivateIpAddress}</Mono>],
          ["Public IPv4", instance.PublicIpAddress ? <Mono key="pub">{instance.PublicIpAddress}{elastic ? " (Elastic IP)" : ""}</Mono> : "none"],
          ["Subnet", instance.SubnetId ? <ResourceLink key="subnet" id={instance.SubnetId} onSelect={onSelect} /> : "—"],
          [
            "Security groups",
            <span key="sgs" className="flex flex-wrap gap-1">
              {(instance.SecurityGroups ?? []).map((group) => (
                <ResourceLink key={group.GroupId} id={group.GroupId!} onSelect={onSelect}>
                  {group.GroupName}
                </ResourceLink>
              ))}
            </span>,
          ],
        ]}
      />
      {state === "running" ? (
        <Section title="Connect">
          <p className="text-sm text-slate-700">EC2 Instance Connect opens a terminal on the instance as ec2-user, with a one-time key.</p>
          <SmallButton tone="primary" onClick={() => onConnect(instance.InstanceId!)}>
            Connect with EC2 Instance Connect
          </SmallButton>
        </Section>
      ) : null}
      {state !== "terminated" ? (
        <Section title="Public address">
          <ElasticIp snapshot={snapshot} instance={instance} />
        </Section>
      ) : null}
      <Section title="Instance state">
        <div className="flex flex-wrap gap-2">
          {state === "stopped" ? (
            <SmallButton pending={change.pending} onClick={() => change.run({ instanceId: instance.InstanceId!, change: "start" })}>
              Start
            </SmallButton>
          ) : null}
          {state === "running" ? (
            <SmallButton pending={change.pending} onClick={() => change.run({ instanceId: instance.InstanceId!, change: "stop" })}>
              Stop
            </SmallButton>
          ) : null}
          {state !== "terminated" && state !== "shutting-down" ? (
            <SmallButton tone="danger" pending={change.pending} onClick={() => change.run({ instanceId: instance.InstanceId!, change: "terminate" })}>
              Terminate
            </SmallButton>
          ) : null}
        </div>
        <ActionOutcome result={change.result} />
      </Section>
    </div>
  );
}
