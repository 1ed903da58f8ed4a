"use client";

import type { RouteTable, VpcPeeringConnectionVpcInfo } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot } from "@/lib/analysis";
import { createRouteAction } from "@/lib/actions/create-route";
import { deleteRouteAction } from "@/lib/actions/delete-route";
import { associateRouteTableAction } from "@/lib/actions/associate-route-table";
import { labelOf, nameTag, routeTarget, subnetOptionLabel } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { ResourceLink, Select, SmallButton, TextInput } from "./controls";
import { Facts, Mono, Section, StateBadge, Table } from "./details";
import { useAwsAction } from "./use-aws-action";

interface Props {
  snapshot: LabSnapshot;
  table: RouteTable;
  onSelect: (id: string) => void;
}

/** Targets a route of this table can point at: the VPC's attached internet gateways and its peering connections. */
/** The peer VPC's range, from the connection or (before it is accepted, when AWS may not list it there) from the VPC. */
function peerCidr(snapshot: LabSnapshot, peer: VpcPeeringConnectionVpcInfo | undefined): string | undefined {
  return peer?.CidrBlock ?? snapshot.vpcs.find((vpc) => vpc.VpcId === peer?.VpcId)?.CidrBlock;
}

function targetChoices(snapshot: LabSnapshot, vpcId: string) {
  const gateways = snapshot.internetGateways
    .filter((gateway) => gateway.Attachments?.some((attachment) => attachment.VpcId === vpcId))
    .map((gateway) => ({ id: gateway.InternetGatewayId!, label: `Internet gateway ${labelOf(gateway.InternetGatewayId!, gateway.Tags)}`, destination: "0.0.0.0/0" }));
  const peerings = snapshot.peeringConnections
    .filter((connection) => [connection.RequesterVpcInfo?.VpcId, connection.AccepterVpcInfo?.VpcId].includes(vpcId))
    .filter((connection) => !["deleted", "rejected", "failed", "expired"].includes(connection.Status?.Code ?? ""))
    .map((connection) => ({
      id: connection.VpcPeeringConnectionId!,
      label: `Peering connection ${labelOf(connection.VpcPeeringConnectionId!, connection.Tags)}`,
      // The peer's range: the placeholder said 10.2.0.0/16 on VPC 2's own table too, a route AWS refuses.
      destination: peerCidr(snapshot, connection.RequesterVpcInfo?.VpcId === vpcId ? connection.AccepterVpcInfo : connection.RequesterVpcInfo),
    }));
  return [...gateways, ...peerings];
}

function RoutesTable({ table }: { table: RouteTable }) {
  const remove = useAwsAction(deleteRouteAction);
  const rows = (table.Routes ?? []).map((route) => {
    const destination = route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? "—";
    const removable = route.GatewayId !== "local" && !route.GatewayId?.startsWith("vpce-") && route.DestinationCidrBlock;
    return [
      <Mono key="d">{destination}</Mono>,
      // Target and state share a column: four columns do not fit the panel's width on a 1280-pixel screen.
      <span key="t" className="flex flex-wrap items-center gap-1.5">
        <Mono>{routeTarget(route)}</Mono>
        <StateBadge state={route.State} />
      </span>,
      removable ? (
        <SmallButton
          key="x"
          tone="danger"
          pending={remove.pending}
          aria-label={`Delete route to ${destination}`}
          onClick={() => remove.run({ routeTableId: table.RouteTableId!, destination })}
        >
          Delete
        </SmallButton>
      ) : (
        <span key="x" className="text-xs text-slate-500">
          {route.GatewayId === "local" ? "always present" : "managed by the endpoint"}
        </span>
      ),
    ];
  });
  return (
    <div className="space-y-2">
      <Table head={["Destination", "Target and state", ""]} rows={rows} wide={[1]} empty="No routes." />
      <ActionOutcome result={remove.result} />
    </div>
  );
}

function AddRouteForm({ snapshot, table }: { snapshot: LabSnapshot; table: RouteTable }) {
  const choices = targetChoices(snapshot, table.VpcId!);
  const [destination, setDestination] = useState("");
  const [target, setTarget] = useState(choices[0]?.id ?? "");
  const add = useAwsAction(createRouteAction, () => setDestination(""));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        add.run({ routeTableId: table.RouteTableId!, destination, target });
      }}
    >
      {/* One above the other: a target reads "Peering connection <name> (pcx-…)", too long for half a panel at 1280 px. */}
      <div className="space-y-2">
        <TextInput label="Destination" placeholder={choices.find((choice) => choice.id === target)?.destination ?? "0.0.0.0/0"} value={destination} onChange={(e) => setDestination(e.target.value)} />
        <Select label="Target" value={target} onChange={(e) => setTarget(e.target.value)}>
          {choices.length === 0 ? <option value="">No gateway or peering yet</option> : null}
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </Select>
      </div>
      <SmallButton type="submit" tone="primary" pending={add.pending}>
        Add route
      </SmallButton>
      <ActionOutcome result={add.result} />
    </form>
  );
}

function Associations({ snapshot, table, onSelect }: Props) {
  const associate = useAwsAction(associateRouteTableAction);
  const subnetsOfVpc = snapshot.subnets.filter((subnet) => subnet.VpcId === table.VpcId);
  const associated = new Set((table.Associations ?? []).map((association) => association.SubnetId).filter(Boolean));
  const [subnetId, setSubnetId] = useState("");
  const isMain = table.Associations?.some((association) => association.Main);
  return (
    <div className="space-y-2 text-sm">
      {isMain ? <p className="text-slate-700">Main route table: subnets without an explicit association use it.</p> : null}
      <ul className="space-y-1">
        {[...associated].map((id) => (
          <li key={id}>
            <ResourceLink id={id!} onSelect={onSelect}>
              {labelOf(id!, snapshot.subnets.find((subnet) => subnet.SubnetId === id)?.Tags)}
            </ResourceLink>
          </li>
        ))}
      </ul>
      {subnetsOfVpc.some((subnet) => !associated.has(subnet.SubnetId)) ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const current = snapshot.routeTables
              .flatMap((other) => other.Associations ?? [])
              .find((association) => association.SubnetId === subnetId && !association.Main);
            associate.run({ routeTableId: table.RouteTableId!, subnetId, currentAssociationId: current?.RouteTableAssociationId });
          }}
        >
          <div className="flex-1">
            <Select label="Associate a subnet" value={subnetId} onChange={(e) => setSubnetId(e.target.value)}>
              <option value="">Choose a subnet</option>
              {subnetsOfVpc
                .filter((subnet) => !associated.has(subnet.SubnetId))
                .map((subnet) => (
                  <option key={subnet.SubnetId} value={subnet.SubnetId}>
                    {subnetOptionLabel(subnet)}
                  </option>
                ))}
            </Select>
          </div>
          <SmallButton type="submit" pending={associate.pending} disabled={!subnetId}>
            Associate
          </SmallButton>
        </form>
      ) : null}
      <ActionOutcome result={associate.result} />
    </div>
  );
}

export function RouteTablePanel({ snapshot, table, onSelect }: Props) {
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Route table", <Mono key="id">{table.RouteTableId}</Mono>],
          ["Name", nameTag(table.Tags)],
          ["VPC", <ResourceLink key="vpc" id={table.VpcId!} onSelect={onSelect} />],
        ]}
      />
      <Section title="Routes">
        <RoutesTable table={table} />
      </Section>
      <Section title="Add a route">
        <AddRouteForm snapshot={snapshot} table={table} />
      </Section>
      <Section title="Subnet associations">
        <Associations snapshot={snapshot} table={table} onSelect={onSelect} />
      </Section>
    </div>
  );
}
