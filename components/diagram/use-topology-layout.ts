"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { applyLayout, type Layout, layoutFlow, layoutSignature } from "@/lib/topology/layout";
import type { Metrics } from "@/lib/topology/metrics";
import type { TopologyFlow } from "@/lib/topology/types";

/**
 * Lays the flow out again only when its structure or sizes change; colours, labels and highlights
 * reuse the last layout. Until the first layout arrives, the result is undefined.
 */
export interface LaidOutFlow extends TopologyFlow {
  /** The metrics scale the positions were computed for. */
  scale: number;
}

export function useTopologyLayout(flow: TopologyFlow, metrics: Metrics): LaidOutFlow | undefined {
  const signature = useMemo(() => `${metrics.scale}\n${layoutSignature(flow)}`, [flow, metrics.scale]);
  const [layout, setLayout] = useState<{ positions: Layout; scale: number }>();
  const latest = useRef({ flow, metrics });
  useEffect(() => {
    latest.current = { flow, metrics };
  });
  useEffect(() => {
    let cancelled = false;
    const { flow: current, metrics: currentMetrics } = latest.current;
    layoutFlow(current, currentMetrics).then(
      (positions) => {
        if (!cancelled) setLayout({ positions, scale: currentMetrics.scale });
      },
      (error: unknown) => console.error("diagram layout failed", error),
    );
    return () => {
      cancelled = true;
    };
  }, [signature]);
  return useMemo(() => (layout ? { ...applyLayout(flow, layout.positions), scale: layout.scale } : undefined), [flow, layout]);
}
