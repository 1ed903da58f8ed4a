"use client";

import type { InternetGateway } from "@aws-sdk/client-ec2";
import { detachInternetGatewayAction } from "@/lib/actions/detach-internet-gateway";
import { nameTag } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, SmallButton } from "./controls";
import { Facts, Mono, Section } from "./details";
import { useAwsAction } from "./use-aws-action";

export function InternetGatewayPanel({ gateway, onSelect }: { gateway: InternetGateway; onSelect: (id: string) => void }) {
  const detach = useAwsAction(detachInternetGatewayAction);
  const attachment = gateway.Attachments?.[0];
  const id = gateway.InternetGatewayId!;
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Internet gateway", <Mono key="id">{id}</Mono>],
          ["Name", nameTag(gateway.Tags)],
          ["Attached to", attachment?.VpcId ? <ResourceLink key="vpc" id={attachment.VpcId} onSelect={onSelect} /> : "nothing (detached)"],
        ]}
      />
      <p className="text-sm text-slate-700">
        Traffic reaches the internet through this gateway only from a subnet whose route table sends it here, and only for
        instances with a public or Elastic IP.
      </p>
      <Section title="Actions">
        <div className="flex flex-wrap gap-2">
          {attachment?.VpcId ? (
            <SmallButton pending={detach.pending} onClick={() => detach.run({ gatewayId: id, vpcId: attachment.VpcId })}>
              Detach
            </SmallButton>
          ) : null}
          <SmallButton tone="danger" pending={detach.pending} onClick={() => detach.run({ gatewayId: id, vpcId: attachment?.VpcId, deleteAfter: true })}>
            {attachment?.VpcId ? "Detach and delete" : "Delete"}
          </SmallButton>
        </div>
        <ActionOutcome result={detach.result} />
      </Section>
    </div>
  );
}
