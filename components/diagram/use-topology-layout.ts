"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { applyLayout, type Layout, layoutFlow, layoutKey, packedForView, type SerializedLayout } from "@/lib/topology/layout";
import { withAnchors } from "@/lib/topology/first-frame";
import type { Metrics } from "@/lib/topology/metrics";
import type { TopologyFlow } from "@/lib/topology/types";

/**
 * Lays the flow out again only when its structure or sizes change; colours, labels and highlights
 * reuse the last layout. A layout computed on the server for the same flow is used at once; without
 * one, the result is undefined until the first layout arrives. Once the diagram's shape is known
 * (viewAspect), the top-level boxes are packed for it; until then they stay where the layout put them
 * (the server's layout was packed for the shape the page's cookie named, so the first render matches
 * the server's HTML).
 */
export interface LaidOutFlow extends TopologyFlow {
  /** The metrics scale the positions were computed for. */
  scale: number;
}

interface Positions {
  signature: string;
  positions: Layout;
  metrics: Metrics;
}

/** The server's layout, when it was made for this flow (same boxes, sizes and scale). */
function serverPositions(signature: string, metrics: Metrics, initial?: SerializedLayout): Positions | undefined {
  return initial && initial.signature === signature ? { signature, positions: new Map(initial.boxes), metrics } : undefined;
}

/** The flow at its positions, each box with its anchors declared so edges are drawn without measuring. */
function placed(flow: TopologyFlow, layout: Positions, viewAspect?: number): LaidOutFlow {
  const positions = viewAspect === undefined ? layout.positions : packedForView(flow, layout.positions, layout.metrics, viewAspect);
  const { nodes, edges } = applyLayout(flow, positions);
  return { nodes: nodes.map(withAnchors), edges, scale: layout.metrics.scale };
}

/** The flow laid out by the server's layout, or undefined when that layout was made for another flow. */
export function withServerLayout(flow: TopologyFlow, metrics: Metrics, initial?: SerializedLayout): LaidOutFlow | undefined {
  const layout = serverPositions(layoutKey(flow, metrics), metrics, initial);
  return layout && placed(flow, layout);
}

export function useTopologyLayout(flow: TopologyFlow, metrics: Metrics, initial?: SerializedLayout, viewAspect?: number): LaidOutFlow | undefined {
  const signature = useMemo(() => layoutKey(flow, metrics), [flow, metrics]);
  const [layout, setLayout] = useState<Positions | undefined>(() => serverPositions(signature, metrics, initial));
  const latest = useRef({ flow, metrics });
  useEffect(() => {
    latest.current = { flow, metrics };
  });
  const current = layout?.signature === signature;
  useEffect(() => {
    if (current) return;
    let cancelled = false;
    const { flow: pending, metrics: pendingMetrics } = latest.current;
    layoutFlow(pending, pendingMetrics).then(
      (positions) => {
        if (!cancelled) setLayout({ signature, positions, metrics: pendingMetrics });
      },
      (error: unknown) => console.error("diagram layout failed", error),
    );
    return () => {
      cancelled = true;
    };
  }, [signature, current]);
  return useMemo(() => (layout ? placed(flow, layout, viewAspect) : undefined), [flow, layout, viewAspect]);
}
