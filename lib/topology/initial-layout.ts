import { layoutFlow, layoutKey, type SerializedLayout } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";
import type { TopologyInput } from "./input";
import { labFraming } from "./framing";

/**
 * The diagram's first layout, computed on the server so the page draws at once (the browser
 * loads ELK only when the topology changes). It matches the client's default view: default VPC
 * collapsed (and, on a lab's page, the other lab's VPCs), presenter mode off.
 */
export async function initialLayoutFor(snapshot: TopologyInput, labId?: string): Promise<SerializedLayout> {
  const metrics = metricsFor(false);
  const flow = toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, labId) });
  const positions = await layoutFlow(flow, metrics);
  return { signature: layoutKey(flow, metrics), boxes: [...positions] };
}
