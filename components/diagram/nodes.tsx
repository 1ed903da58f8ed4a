"use client";

import { Handle, type NodeProps, type NodeTypes, Position } from "@xyflow/react";
import { type KeyboardEvent, memo, type MouseEvent } from "react";
import type {
  BucketNode,
  Chip,
  CollapsedVpcNode,
  EndpointNode,
  ExternalVpcNode,
  InstanceNode,
  InternetGatewayNode,
  PathTone,
  RouteTableNode,
  SubnetNode,
  VpcNode,
} from "@/lib/topology/types";
import { useDiagramActions } from "./diagram-actions";

const SIDES = [
  ["left", Position.Left],
  ["right", Position.Right],
  ["top", Position.Top],
  ["bottom", Position.Bottom],
] as const;

/** Invisible anchors on every side; edges pick a side by handle id (s-right -> t-left, …). */
function Anchors() {
  return (
    <>
      {SIDES.map(([side, position]) => (
        <Handle key={`s-${side}`} id={`s-${side}`} type="source" position={position} isConnectable={false} className="vl-anchor" />
      ))}
      {SIDES.map(([side, position]) => (
        <Handle key={`t-${side}`} id={`t-${side}`} type="target" position={position} isConnectable={false} className="vl-anchor" />
      ))}
    </>
  );
}

const TONE_TEXT: Record<PathTone, string> = { ok: "On path", blocked: "Blocked here" };

/** Colour alone does not say it: a toned box also carries a word. */
function ToneBadge({ tone }: { tone?: PathTone }) {
  if (!tone) return null;
  return <span className={`vl-tone-badge vl-tone-badge-${tone}`}>{TONE_TEXT[tone]}</span>;
}

function boxClass(kind: string, data: { tone?: PathTone; changed?: boolean }, extra = ""): string {
  return ["vl-box", `vl-${kind}`, data.tone ? `vl-tone-${data.tone}` : "", data.changed ? "vl-changed" : "", extra].filter(Boolean).join(" ");
}

function ChipView({ chip, kind }: { chip: Chip; kind: string }) {
  return (
    <span className={`vl-chip vl-chip-${kind}${chip.tone ? ` vl-chip-${chip.tone}` : ""}`} title={chip.id} data-id={chip.id}>
      {chip.label}
    </span>
  );
}

/** Buttons inside a focusable node must not also select the node (by key or by click). */
function stopKeys(event: KeyboardEvent) {
  event.stopPropagation();
}

function ToggleVpcButton({ vpcId, action }: { vpcId: string; action: "Open" | "Collapse" }) {
  const { toggleVpc } = useDiagramActions();
  const onClick = (event: MouseEvent) => {
    event.stopPropagation();
    toggleVpc(vpcId);
  };
  return (
    <button type="button" className="vl-button nodrag" onKeyDown={stopKeys} onClick={onClick} aria-label={`${action} default VPC ${vpcId}`}>
      {action}
    </button>
  );
}

function VpcBox({ id, data }: NodeProps<VpcNode>) {
  return (
    <div className={boxClass("vpc", data)}>
      <Anchors />
      <header className="vl-vpc-header">
        <div className="vl-line">
          <span className="vl-kind">VPC</span>
          <span className="vl-title">{data.name}</span>
          <ToneBadge tone={data.tone} />
        </div>
        <div className="vl-line">
          <span className="vl-mono">{data.cidr}</span>
          {data.isDefault ? <ToggleVpcButton vpcId={id} action="Collapse" /> : null}
        </div>
      </header>
    </div>
  );
}

function SubnetBox({ data }: NodeProps<SubnetNode>) {
  return (
    <div className={boxClass("subnet", data, data.isPublic ? "vl-public" : "vl-private")}>
      <Anchors />
      <header className="vl-subnet-header">
        <div className="vl-line">
          <span className="vl-title">{data.name}</span>
          <span className={`vl-badge ${data.isPublic ? "vl-badge-public" : "vl-badge-private"}`}>{data.isPublic ? "Public" : "Private"}</span>
          <ToneBadge tone={data.tone} />
        </div>
        <div className="vl-line vl-mono">
          {data.cidr} · {data.availabilityZone}
        </div>
        {data.networkAcl ? (
          <div className="vl-line">
            <span className="vl-label">NACL</span> <ChipView chip={data.networkAcl} kind="acl" />
          </div>
        ) : null}
      </header>
    </div>
  );
}

const STATE_CLASS: Record<string, string> = {
  running: "vl-state-running",
  pending: "vl-state-pending",
  stopping: "vl-state-pending",
  "shutting-down": "vl-state-ending",
  stopped: "vl-state-stopped",
  terminated: "vl-state-ending",
};

function InstanceBox({ data }: NodeProps<InstanceNode>) {
  return (
    <div className={boxClass("instance", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-title">{data.name}</span>
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line">
        <span className={`vl-dot ${STATE_CLASS[data.state] ?? "vl-state-stopped"}`} aria-hidden="true" />
        {data.state}
      </div>
      <div className="vl-line">
        <span className="vl-label">Private</span> <span className="vl-mono">{data.privateIp ?? "—"}</span>
      </div>
      {data.publicIp ? (
        <div className="vl-line">
          <span className="vl-label">{data.publicIpKind === "elastic" ? "Elastic IP" : "Public"}</span> <span className="vl-mono">{data.publicIp}</span>
        </div>
      ) : null}
      {data.securityGroups.length ? (
        data.securityGroups.map((group) => (
          <div key={group.id} className="vl-chip-line">
            <ChipView chip={group} kind="sg" />
          </div>
        ))
      ) : (
        <div className="vl-chip-line vl-muted">no security group</div>
      )}
    </div>
  );
}

function GatewayBox({ id, data }: NodeProps<InternetGatewayNode>) {
  return (
    <div className={boxClass("igw", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-title">{data.name}</span>
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line vl-mono">
        {id}
        {data.attached ? "" : " · detached"}
      </div>
    </div>
  );
}

function RouteTableBox({ id, data }: NodeProps<RouteTableNode>) {
  return (
    <div className={boxClass("rtb", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-title">{data.name}</span>
        {data.isMain ? <span className="vl-badge vl-badge-main">Main</span> : null}
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line vl-mono vl-rtb-id">{id}</div>
      <ul className="vl-routes" aria-label={`Routes of ${id}`}>
        {data.routes.map((route) => (
          <li key={`${route.destination}>${route.target}`} className={route.blackhole ? "vl-blackhole" : undefined} title={`${route.destination} → ${route.target}`}>
            <span className="vl-route-destination">{route.destination}</span>
            <span aria-label="to"> → </span>
            <span className="vl-route-target">{route.target}</span>
            {route.blackhole ? <span className="vl-blackhole-tag">blackhole</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EndpointBox({ id, data }: NodeProps<EndpointNode>) {
  return (
    <div className={boxClass("vpce", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-title">{data.name}</span>
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line vl-mono">{id}</div>
      <div className="vl-line vl-mono vl-muted-strong">
        {data.serviceName}
        {data.state && data.state.toLowerCase() !== "available" ? ` · ${data.state}` : ""}
      </div>
    </div>
  );
}

function BucketBox({ data }: NodeProps<BucketNode>) {
  return (
    <div className={boxClass("bucket", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-kind">S3 bucket</span>
        <ToneBadge tone={data.tone} />
      </div>
      {data.nameLines.map((line, index) => (
        <div key={index} className="vl-line vl-title">
          {line}
        </div>
      ))}
      <div className={`vl-line ${data.policyError ? "vl-warning" : "vl-muted-strong"}`}>
        {data.policyError ? `Policy unreadable: ${data.policyError}` : data.hasPolicy ? "Bucket policy set" : "No bucket policy"}
      </div>
    </div>
  );
}

function CollapsedVpcBox({ id, data }: NodeProps<CollapsedVpcNode>) {
  return (
    <div className={boxClass("collapsed-vpc", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-title">{data.name}</span>
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line vl-mono">{data.cidr}</div>
      <div className="vl-line vl-muted-strong">
        {data.subnetCount} {data.subnetCount === 1 ? "subnet" : "subnets"} · {data.instanceCount} {data.instanceCount === 1 ? "instance" : "instances"}
      </div>
      <ToggleVpcButton vpcId={id} action="Open" />
    </div>
  );
}

function ExternalVpcBox({ id, data }: NodeProps<ExternalVpcNode>) {
  return (
    <div className={boxClass("external-vpc", data)}>
      <Anchors />
      <div className="vl-line">
        <span className="vl-kind">Peer VPC</span>
        <ToneBadge tone={data.tone} />
      </div>
      <div className="vl-line vl-mono">{id}</div>
      <div className="vl-line vl-muted-strong">
        {data.cidr}
        {data.ownerId ? ` · account ${data.ownerId}` : ""}
      </div>
    </div>
  );
}

export const nodeTypes: NodeTypes = {
  vpc: memo(VpcBox),
  subnet: memo(SubnetBox),
  instance: memo(InstanceBox),
  internetGateway: memo(GatewayBox),
  routeTable: memo(RouteTableBox),
  endpoint: memo(EndpointBox),
  bucket: memo(BucketBox),
  collapsedVpc: memo(CollapsedVpcBox),
  externalVpc: memo(ExternalVpcBox),
};

