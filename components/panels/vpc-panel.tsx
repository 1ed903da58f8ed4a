"use client";

import type { Subnet, Vpc } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { createInternetGatewayAction } from "@/lib/actions/create-internet-gateway";
import { createPeeringAction } from "@/lib/actions/create-peering";
import { createSubnetAction } from "@/lib/actions/create-subnet";
import { deleteVpcAction } from "@/lib/actions/delete-vpc";
import type { LabId } from "@/lib/labs/lab-id";
import { firstFreeBlock } from "@/lib/cidr";
import { vpcsForLab } from "@/lib/labs/lab-vpcs";
import { labelOf, nameTag, vpcLabelOf, vpcOptionLabel } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { CreateEndpointForm } from "./create-endpoint-form";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section } from "./details";
import { TypedConfirm } from "./typed-confirm";
import { useAwsAction } from "./use-aws-action";

interface Props {
  snapshot: LabSnapshot;
  vpc: Vpc;
  onSelect: (id: string) => void;
  /** The lab whose page this is: its VPCs come first in the peering form. */
  labId?: LabId;
}

/** The hint for a new subnet's range: the VPC's first /24 no subnet of it uses (it said 10.0.0.0/24 when that subnet existed). */
function subnetCidrHint(vpc: Vpc, subnets: readonly Subnet[]): string | undefined {
  if (!vpc.CidrBlock) return undefined;
  return firstFreeBlock(vpc.CidrBlock, 24, subnets.flatMap((subnet) => (subnet.CidrBlock ? [subnet.CidrBlock] : [])));
}

function CreateSubnetForm({ vpc, subnets }: { vpc: Vpc; subnets: readonly Subnet[] }) {
  const [cidr, setCidr] = useState("");
  const [name, setName] = useState("");
  const create = useAwsAction(createSubnetAction, () => setCidr(""));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.run({ vpcId: vpc.VpcId!, cidr, name });
      }}
    >
      <div className="grid grid-cols-2 gap-2">
        <TextInput label="Subnet CIDR" placeholder={subnetCidrHint(vpc, subnets)} value={cidr} onChange={(e) => setCidr(e.target.value)} />
        <TextInput label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create subnet
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}

function PeeringForm({ snapshot, vpc, labId }: { snapshot: LabSnapshot; vpc: Vpc; labId?: LabId }) {
  const others = vpcsForLab(snapshot, labId).filter((other) => other.VpcId !== vpc.VpcId);
  const [accepter, setAccepter] = useState(others[0]?.VpcId ?? "");
  const [name, setName] = useState("");
  const request = useAwsAction(createPeeringAction, () => setName(""));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        request.run({ requesterVpcId: vpc.VpcId!, accepterVpcId: accepter, name });
      }}
    >
      <div className="space-y-2">
        <Select label="Peer with (accepter VPC)" value={accepter} onChange={(e) => setAccepter(e.target.value)}>
          {others.map((other) => (
            <option key={other.VpcId} value={other.VpcId}>
              {vpcOptionLabel(other)}
            </option>
          ))}
        </Select>
        <TextInput label="Peering connection name" placeholder="optional" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <SmallButton type="submit" pending={request.pending} disabled={!accepter}>
        Request peering
      </SmallButton>
      <ActionOutcome result={request.result} />
    </form>
  );
}

export function VpcPanel({ snapshot, vpc, onSelect, labId }: Props) {
  const remove = useAwsAction(deleteVpcAction);
  const attachGateway = useAwsAction(createInternetGatewayAction);
  const subnets = snapshot.subnets.filter((subnet) => subnet.VpcId === vpc.VpcId);
  const gateway = snapshot.internetGateways.find((candidate) => candidate.Attachments?.some((attachment) => attachment.VpcId === vpc.VpcId));
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["VPC", <Mono key="id">{vpc.VpcId}</Mono>],
          ["Name", nameTag(vpc.Tags) ?? (vpc.IsDefault ? "default VPC" : undefined)],
          ["IPv4 CIDR", <Mono key="cidr">{vpc.CidrBlock}</Mono>],
          ["State", vpc.State],
          ["Internet gateway", gateway ? <ResourceLink key="igw" id={gateway.InternetGatewayId!} onSelect={onSelect} /> : "none attached"],
        ]}
      />
      <Section title={`Subnets (${subnets.length})`}>
        <ul className="space-y-1 text-sm">
          {subnets.map((subnet) => (
            <li key={subnet.SubnetId}>
              <ResourceLink id={subnet.SubnetId!} onSelect={onSelect}>
                {labelOf(subnet.SubnetId!, subnet.Tags)}
              </ResourceLink>{" "}
              <span className="font-mono text-slate-700">{subnet.CidrBlock}</span>
            </li>
          ))}
        </ul>
        <CreateSubnetForm vpc={vpc} subnets={subnets} />
      </Section>
      {!gateway ? (
        <Section title="Internet access">
          <SmallButton pending={attachGateway.pending} onClick={() => attachGateway.run({ vpcId: vpc.VpcId!, name: `${nameTag(vpc.Tags) ?? "lab"}-igw` })}>
            Create and attach an internet gateway
          </SmallButton>
          <ActionOutcome result={attachGateway.result} />
        </Section>
      ) : null}
      <Section title="Gateway endpoint for S3">
        <CreateEndpointForm snapshot={snapshot} vpc={vpc} onCreated={onSelect} />
      </Section>
      <Section title="Peering">
        <PeeringForm snapshot={snapshot} vpc={vpc} labId={labId} />
      </Section>
      <Section title="Delete">
        <TypedConfirm
          label="Delete VPC"
          pending={remove.pending}
          onConfirm={() => remove.run({ vpcId: vpc.VpcId! })}
          consequence={
            <p>
              Delete <strong>{vpcLabelOf(vpc)}</strong>? AWS refuses while subnets, an attached internet
              gateway, endpoints or instances remain in it.
            </p>
          }
        />
        <ActionOutcome result={remove.result} />
      </Section>
    </div>
  );
}
