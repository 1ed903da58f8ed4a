"use client";

import type { LabSnapshot } from "@/lib/analysis";
import type { LabId } from "@/lib/labs/lab-id";
import { ruleSourceHint } from "@/lib/labs/lab-vpcs";
import { useCallback } from "react";
import { kindOfId, resourceLabel } from "@/lib/labs/resources";
import { BucketPanel } from "./bucket-panel";
import { ResourceLabelContext } from "./controls";
import { Mono } from "./details";
import { EndpointPanel } from "./endpoint-panel";
import { InstancePanel } from "./instance-panel";
import { InternetGatewayPanel } from "./internet-gateway-panel";
import { NetworkAclPanel } from "./network-acl-panel";
import { PeeringPanel } from "./peering-panel";
import { RouteTablePanel } from "./route-table-panel";
import { SecurityGroupPanel } from "./security-group-panel";
import { SubnetPanel } from "./subnet-panel";
import { VpcPanel } from "./vpc-panel";

interface Props {
  snapshot: LabSnapshot;
  selectedId: string;
  onSelect: (id: string) => void;
  /** Opens an EC2 Instance Connect terminal to an instance. */
  onConnect: (instanceId: string) => void;
  /** When the console last read the account (panels that load more data reload when it changes). */
  loadedAt: string;
  /** Real AWS: the resource was not created by the console, which shows it but changes nothing. */
  readOnly?: boolean;
  /** What the read-only note says (by default: real AWS, not created by the console). */
  readOnlyNote?: string;
  /** The lab whose page this is: forms offer its VPCs first. */
  labId?: LabId;
}

/** The panel of the selected resource, or a note when it no longer exists. */
export function Inspector(props: Props) {
  const { snapshot } = props;
  const label = useCallback((id: string) => resourceLabel(snapshot, id), [snapshot]);
  return (
    <ResourceLabelContext.Provider value={label}>
      <SelectedPanel {...props} />
    </ResourceLabelContext.Provider>
  );
}

function SelectedPanel({ snapshot, selectedId, onSelect, onConnect, loadedAt, readOnly, readOnlyNote, labId }: Props) {
  const panel = panelFor(snapshot, selectedId, { onSelect, onConnect, loadedAt, labId });
  // Keyed by the resource, so a form's choices (a security group, a target) never carry over to another one.
  if (panel && readOnly) {
    return (
      <div key={selectedId} className="space-y-3">
        <p role="note" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          {readOnlyNote ?? "Not created by VPC Lab — read-only. In real AWS mode the console changes only the resources it created (tagged vpclab:owner)."}
        </p>
        {/* A disabled fieldset disables every control of the panel; the server refuses with NotOwnedByVpcLab anyway. */}
        <fieldset disabled className="min-w-0">
          {panel}
        </fieldset>
      </div>
    );
  }
  return panel ? (
    <div key={selectedId}>{panel}</div>
  ) : (
    <p role="status" className="text-sm text-slate-700">
      <Mono>{selectedId}</Mono> no longer exists in this account.
    </p>
  );
}

interface PanelContext {
  onSelect: (id: string) => void;
  onConnect: (instanceId: string) => void;
  loadedAt: string;
  labId?: LabId;
}

function panelFor(snapshot: LabSnapshot, id: string, { onSelect, onConnect, loadedAt, labId }: PanelContext) {
  switch (kindOfId(id)) {
    case "vpc": {
      const vpc = snapshot.vpcs.find((candidate) => candidate.VpcId === id);
      return vpc && <VpcPanel snapshot={snapshot} vpc={vpc} onSelect={onSelect} labId={labId} />;
    }
    case "subnet": {
      const subnet = snapshot.subnets.find((candidate) => candidate.SubnetId === id);
      return subnet && <SubnetPanel snapshot={snapshot} subnet={subnet} onSelect={onSelect} labId={labId} />;
    }
    case "instance": {
      const instance = snapshot.instances.find((candidate) => candidate.InstanceId === id);
      return instance && <InstancePanel snapshot={snapshot} instance={instance} onSelect={onSelect} onConnect={onConnect} />;
    }
    case "route-table": {
      const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === id);
      return table && <RouteTablePanel snapshot={snapshot} table={table} onSelect={onSelect} />;
    }
    case "security-group": {
      const group = snapshot.securityGroups.find((candidate) => candidate.GroupId === id);
      return group && <SecurityGroupPanel group={group} onSelect={onSelect} sourceHint={ruleSourceHint(snapshot, group.VpcId)} />;
    }
    case "peering-connection": {
      const connection = snapshot.peeringConnections.find((candidate) => candidate.VpcPeeringConnectionId === id);
      return connection && <PeeringPanel connection={connection} onSelect={onSelect} />;
    }
    case "internet-gateway": {
      const gateway = snapshot.internetGateways.find((candidate) => candidate.InternetGatewayId === id);
      return gateway && <InternetGatewayPanel gateway={gateway} onSelect={onSelect} />;
    }
    case "network-acl": {
      const acl = snapshot.networkAcls.find((candidate) => candidate.NetworkAclId === id);
      return acl && <NetworkAclPanel acl={acl} onSelect={onSelect} />;
    }
    case "vpc-endpoint": {
      const endpoint = snapshot.vpcEndpoints.find((candidate) => candidate.VpcEndpointId === id);
      return endpoint && <EndpointPanel snapshot={snapshot} endpoint={endpoint} onSelect={onSelect} />;
    }
    case "bucket": {
      const bucket = snapshot.buckets.find((candidate) => candidate.name === id);
      return bucket && <BucketPanel snapshot={snapshot} bucket={bucket} loadedAt={loadedAt} />;
    }
    default:
      return null;
  }
}
