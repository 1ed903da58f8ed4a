import { outsideRequest } from "@/lib/outside-request";
import { layoutFlow, layoutKey, packedForView, type SerializedLayout } from "./layout";
import { metricsFor } from "./metrics";
import { toFlow } from "./to-flow";
import type { TopologyInput } from "./input";
import { labFraming } from "./framing";

/**
 * Layouts the server computed lately, by what they depend on (layoutKey: the boxes' ids, nesting,
 * sizes and associations). An account read again at the same version, or changed only in what the
 * boxes do not depend on (names, routes, states), gets the same layout without running ELK again
 * on the server's thread; a change to the boxes gives a new key, so a new layout.
 */
const CACHED_LAYOUTS = 500;
const recentLayouts = new Map<string, Promise<SerializedLayout>>();

function cachedLayout(signature: string, compute: () => Promise<SerializedLayout>): Promise<SerializedLayout> {
  const held = recentLayouts.get(signature);
  recentLayouts.delete(signature);
  // Kept past this request: made outside it (lib/outside-request.ts), so the cache holds no request.
  const layout = held ?? outsideRequest(compute);
  // Most recently used last: the first key is the one to forget.
  recentLayouts.set(signature, layout);
  if (recentLayouts.size > CACHED_LAYOUTS) recentLayouts.delete(recentLayouts.keys().next().value!);
  if (!held) layout.catch(() => forgetFailed(signature, layout));
  return layout;
}

/** A layout that failed is computed again on the next request, not served failed from the cache. */
function forgetFailed(signature: string, layout: Promise<SerializedLayout>): void {
  if (recentLayouts.get(signature) === layout) recentLayouts.delete(signature);
}

/**
 * The diagram's first layout, computed on the server so the page draws at once (the browser
 * loads ELK only when the topology changes). It matches the client's default view: default VPC
 * collapsed (and, on a lab's page, the other lab's VPCs), presenter mode off, its rows packed for
 * the shape the student's diagram had last (lib/topology/view-shape.ts).
 */
export function initialLayoutFor(snapshot: TopologyInput, labId?: string, viewAspect?: number): Promise<SerializedLayout> {
  const metrics = metricsFor(false);
  const flow = toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, labId) });
  const signature = layoutKey(flow, metrics);
  const layout = cachedLayout(signature, async () => ({ signature, boxes: [...(await layoutFlow(flow, metrics))] }));
  if (viewAspect === undefined) return layout;
  return layout.then(({ boxes }) => ({ signature, boxes: [...packedForView(flow, new Map(boxes), metrics, viewAspect)] }));
}
