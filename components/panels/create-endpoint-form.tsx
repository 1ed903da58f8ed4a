"use client";

import type { Vpc } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { createVpcEndpointAction } from "@/lib/actions/create-vpc-endpoint";
import { labelOf } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
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
      <fieldset className="space-y-1">
        <legend className="text-sm text-slate-700">Route tables that get a route to S3 through it (optional):</legend>
        {tables.map((table) => (
          <label key={table.RouteTableId} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={chosen.has(table.RouteTableId!)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(table.RouteTableId!);
                else next.delete(table.RouteTableId!);
                setChosen(next);
              }}
            />
            {labelOf(table.RouteTableId!, table.Tags)}
          </label>
        ))}
      </fieldset>
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create gateway endpoint for S3
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
