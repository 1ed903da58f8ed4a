"use client";

import type { VpcPeeringConnection } from "@aws-sdk/client-ec2";
import { acceptPeeringAction } from "@/lib/actions/accept-peering";
import { deletePeeringAction } from "@/lib/actions/delete-peering";
import { rejectPeeringAction } from "@/lib/actions/reject-peering";
import { nameTag } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, SmallButton } from "./controls";
import { Facts, Mono, Section, StateBadge } from "./details";
import { useAwsAction } from "./use-aws-action";

export function PeeringPanel({ connection, onSelect }: { connection: VpcPeeringConnection; onSelect: (id: string) => void }) {
  const accept = useAwsAction(acceptPeeringAction);
  const reject = useAwsAction(rejectPeeringAction);
  const remove = useAwsAction(deletePeeringAction);
  const id = connection.VpcPeeringConnectionId!;
  const status = connection.Status?.Code;
  // AWS accepts, rejects and deletes none of these: they stay listed for a while, then go.
  const ended = status !== undefined && ["deleted", "rejected", "failed", "expired"].includes(status);
  const side = (info: VpcPeeringConnection["RequesterVpcInfo"]) =>
    info?.VpcId ? (
      <span>
        <ResourceLink id={info.VpcId} onSelect={onSelect} /> <Mono>{info.CidrBlock}</Mono>
      </span>
    ) : (
      "—"
    );
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Peering connection", <Mono key="id">{id}</Mono>],
          ["Name", nameTag(connection.Tags)],
          ["Status", <StateBadge key="status" state={status} />],
          ["Message", connection.Status?.Message],
          ["Requester VPC", side(connection.RequesterVpcInfo)],
          ["Accepter VPC", side(connection.AccepterVpcInfo)],
        ]}
      />
      {status === "failed" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          This connection failed: {connection.Status?.Message}. Peered VPCs must not have overlapping CIDR blocks. AWS does not let
          you accept or delete a failed connection: it lists it for two hours, then removes it. Request a new one between VPCs whose
          ranges do not overlap.
        </p>
      ) : null}
      {status === "active" ? (
        <p className="text-sm text-slate-700">
          Active — but nothing flows until each VPC&apos;s route table has a route to the other VPC&apos;s CIDR through {id}.
        </p>
      ) : null}
      <Section title="Actions">
        <div className="flex flex-wrap gap-2">
          {status === "pending-acceptance" ? (
            <>
              <SmallButton tone="primary" pending={accept.pending} onClick={() => accept.run({ peeringId: id })}>
                Accept request
              </SmallButton>
              <SmallButton pending={reject.pending} onClick={() => reject.run({ peeringId: id })}>
                Reject request
              </SmallButton>
            </>
          ) : null}
          {status && !ended ? (
            <SmallButton tone="danger" pending={remove.pending} onClick={() => remove.run({ peeringId: id })}>
              Delete peering connection
            </SmallButton>
          ) : null}
        </div>
        {ended ? <p className="text-sm text-slate-600">None: AWS allows no action on a {status} connection.</p> : null}
        <ActionOutcome result={accept.result ?? reject.result ?? remove.result} />
      </Section>
    </div>
  );
}
