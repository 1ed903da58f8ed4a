export type { TopologyInput } from "./input";
export type * from "./types";
export { toFlow, isCollapsed, endedPeeringConnections, isEndedPeering, type ToFlowOptions } from "./to-flow";
export { layoutFlow, applyLayout, layoutSignature, peeringHandles, type Box, type Layout } from "./layout";
export { metricsFor, type Metrics } from "./metrics";
export { highlightForVerdict, paintFor } from "./highlight";
export { peeringLabel, peeringLook, type PeeringLook } from "./peering";
