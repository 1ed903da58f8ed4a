import { layoutFlow, layoutKey, type SerializedLayout } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";
import type { TopologyInput } from "./input";

/**
 * The diagram's first layout, computed on the server so the page draws at once (the browser
 * loads ELK only when the topology changes). It matches the client's default view: default VPC
 * collapsed, presenter mode off.
 */
export async function initialLayoutFor(snapshot: TopologyInput): Promise<SerializedLayout> {
  const metrics = metricsFor(false);
  const flow = toFlow(snapshot, { expandedVpcIds: new Set() });
  const positions = await layoutFlow(flow, metrics);
  return { signature: layoutKey(flow, metrics), boxes: [...positions] };
}
