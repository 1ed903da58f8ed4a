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
  const side = (info: VpcPeeringConnection["RequesterVpcInfo"]) =>
    info?.VpcId ? (
      <span>
        <ResourceLink id={info.VpcId} onSelect={onSelect} />{" "}
        {/* The facts break anywhere (long ids); a CIDR moves to the next line whole. */}
        <span className="inline-block" data-testid="peer-cidr">
          <Mono>{info.CidrBlock}</Mono>
        </span>
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
          This connection failed: {connection.Status?.Message}. Peered VPCs must not have overlapping CIDR blocks; delete it and
          peer VPCs whose ranges are disjoint.
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
          {status && !["deleted", "rejected", "failed", "expired"].includes(status) ? (
            <SmallButton tone="danger" pending={remove.pending} onClick={() => remove.run({ peeringId: id })}>
              Delete peering connection
            </SmallButton>
          ) : null}
        </div>
        <ActionOutcome result={accept.result ?? reject.result ?? remove.result} />
      </Section>
    </div>
  );
}
