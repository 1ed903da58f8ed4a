"use client";

import type { Vpc } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { createVpcEndpointAction } from "@/lib/actions/create-vpc-endpoint";
import { ActionOutcome } from "./action-result";
import { RouteTableChecklist } from "./route-table-checklist";
import { SmallButton } from "./controls";
import { useAwsAction } from "./use-aws-action";

/** A gateway endpoint for S3 in this VPC; route tables are optional, as in the AWS console. */
export function CreateEndpointForm({ snapshot, vpc, onCreated }: { snapshot: LabSnapshot; vpc: Vpc; onCreated: (endpointId: string) => void }) {
  const tables = snapshot.routeTables.filter((table) => table.VpcId === vpc.VpcId);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const create = useAwsAction(createVpcEndpointAction, (data) => onCreated(data.endpointId));
  return (
    <form
      aria-label="Create a gateway endpoint for S3"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.run({ vpcId: vpc.VpcId!, routeTableIds: [...chosen] });
      }}
    >
      <RouteTableChecklist legend="Route tables that get a route to S3 through it (optional):" tables={tables} chosen={chosen} onChange={setChosen} />
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create gateway endpoint for S3
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
