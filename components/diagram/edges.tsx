"use client";

import { BaseEdge, EdgeLabelRenderer, type EdgeProps, type EdgeTypes, getBezierPath, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { peeringLook } from "@/lib/topology/peering";
import type { LinkEdge, PeeringEdge } from "@/lib/topology/types";

function LinkLine({ id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<LinkEdge>) {
  const [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10 });
  const classes = ["vl-link", `vl-link-${data?.kind ?? "association"}`, data?.tone ? `vl-edge-${data.tone}` : ""].filter(Boolean).join(" ");
  return <BaseEdge id={id} path={path} className={classes} />;
}

function PeeringLine({ id, data, selected, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<PeeringEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const look = peeringLook(data?.status ?? "");
  const classes = ["vl-peering", `vl-peering-${look}`, data?.tone ? `vl-edge-${data.tone}` : "", data?.changed ? "vl-edge-changed" : "", selected ? "vl-edge-selected" : ""];
  return (
    <>
      <BaseEdge id={id} path={path} className={classes.filter(Boolean).join(" ")} interactionWidth={24} />
      <EdgeLabelRenderer>
        <div
          className={`vl-peering-label vl-peering-label-${look}${data?.tone ? ` vl-peering-label-${data.tone}` : ""}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {data?.name ? <span className="vl-peering-name">{data.name}</span> : null}
          <span className="vl-mono">{id}</span>
          <span className="vl-peering-status">{data?.label}</span>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const edgeTypes: EdgeTypes = {
  link: memo(LinkLine),
  peering: memo(PeeringLine),
};
