"use client";

import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { blocksOverlap, parseIpv4Cidr } from "@/lib/cidr";
import { createVpcAction } from "@/lib/actions/create-vpc";
import type { LabId } from "@/lib/labs/lab-id";
import { suggestedVpc } from "@/lib/labs/lab-vpcs";
import { labelOf } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { SmallButton, TextInput } from "./controls";
import { useAwsAction } from "./use-aws-action";

/** VPCs whose block overlaps the typed one: AWS allows it, but such VPCs can never be peered. */
function overlapping(snapshot: LabSnapshot, cidr: string) {
  let block;
  try {
    block = parseIpv4Cidr(cidr.trim());
  } catch {
    return [];
  }
  return snapshot.vpcs.filter((vpc) => vpc.CidrBlock && blocksOverlap(parseIpv4Cidr(vpc.CidrBlock), block));
}

export function CreateVpcForm({ snapshot, labId, onCreated }: { snapshot: LabSnapshot; labId?: LabId; onCreated?: (vpcId: string) => void }) {
  const [name, setName] = useState("");
  const [cidr, setCidr] = useState("");
  const [withPublicSubnet, setWithPublicSubnet] = useState(true);
  const create = useAwsAction(createVpcAction, (data) => {
    setName("");
    setCidr("");
    onCreated?.(data.vpcId);
  });
  const clashes = overlapping(snapshot, cidr);
  const suggested = suggestedVpc(snapshot, labId);
  return (
    <form
      aria-label="Create a VPC"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        create.run({ name, cidr, withPublicSubnet });
      }}
    >
      <div className="grid grid-cols-2 gap-2">
        <TextInput label="VPC name" placeholder={suggested.name} value={name} onChange={(e) => setName(e.target.value)} />
        <TextInput label="IPv4 CIDR" placeholder={suggested.cidr} value={cidr} onChange={(e) => setCidr(e.target.value)} />
      </div>
      {clashes.length ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {cidr} overlaps {clashes.map((vpc) => `${labelOf(vpc.VpcId!, vpc.Tags)} (${vpc.CidrBlock})`).join(", ")}. AWS will create
          it, but a peering connection between overlapping VPCs fails.
        </p>
      ) : null}
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-0.5" checked={withPublicSubnet} onChange={(e) => setWithPublicSubnet(e.target.checked)} />
        <span>
          <span className="font-medium">VPC and more</span>: also a public subnet, an internet gateway, and a route table sending
          0.0.0.0/0 to it
        </span>
      </label>
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create VPC
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
