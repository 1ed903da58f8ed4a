/**
 * Sizes of the diagram's boxes, in flow pixels. The custom nodes render at exactly these sizes
 * (diagram.css uses the same font and line sizes), so the layout never has to measure the DOM.
 */
import { textWidth } from "./svg/markup";

export interface Metrics {
  scale: number;
  instanceWidth: number;
  routeTableWidth: number;
  gatewaySize: { width: number; height: number };
  endpointSize: { width: number; height: number };
  bucketSize: { width: number; height: number };
  collapsedVpcSize: { width: number; height: number };
  externalVpcSize: { width: number; height: number };
  subnetPadding: { top: number; side: number; bottom: number };
  subnetMinimum: { width: number; height: number };
  vpcPadding: { top: number; side: number; bottom: number };
  vpcMinimumWidth: number;
  gap: number;
  /** Room between VPCs for a peering edge's label. */
  topLevelGap: number;
}

const PRESENTER_SCALE = 1.3;

const BUCKET_WIDTH = 256;

export function metricsFor(presenter: boolean): Metrics {
  const s = presenter ? PRESENTER_SCALE : 1;
  const size = (width: number, height: number) => ({ width: width * s, height: height * s });
  return {
    scale: s,
    instanceWidth: 236 * s,
    routeTableWidth: 304 * s,
    gatewaySize: size(212, 50),
    endpointSize: size(256, 70),
    bucketSize: size(BUCKET_WIDTH, 70),
    collapsedVpcSize: size(280, 118),
    externalVpcSize: size(256, 70),
    subnetPadding: { top: 70 * s, side: 16 * s, bottom: 16 * s },
    subnetMinimum: size(268, 150),
    vpcPadding: { top: 84 * s, side: 24 * s, bottom: 24 * s },
    vpcMinimumWidth: 460 * s,
    gap: 28 * s,
    topLevelGap: 200 * s,
  };
}

/** Name, state, private IP, optional public IP, then one line per security-group chip. */
export function instanceHeight(metrics: Metrics, hasPublicIp: boolean, securityGroupCount: number): number {
  const lines = hasPublicIp ? 4 : 3;
  return (20 + 18 * lines + 24 * Math.max(1, securityGroupCount)) * metrics.scale;
}

/** Title and id lines, then one line per route. */
export function routeTableHeight(metrics: Metrics, routeCount: number): number {
  return (58 + 18 * Math.max(1, routeCount)) * metrics.scale;
}

/** Whether a bucket's name line fits its box, as the export measures it (bold, its body type + 1, 10 px padding each side). */
const fitsBucketLine = (text: string) => textWidth(text, 13, "sans", true) <= BUCKET_WIDTH - 2 * 10;

/**
 * A bucket name as the diagram draws it: whole on one line when it fits, else on two, split after
 * the last "-" or "." that keeps the first line within the box and the second too (a lab's bucket
 * name, 38 or 39 characters, lost its unique end to an ellipsis). Where no separator does both, the
 * first line is filled (a separator near the start left a second line cut). A name too long for two
 * lines is cut on the second.
 */
export function bucketNameLines(name: string): string[] {
  if (fitsBucketLine(name)) return [name];
  let fitting = 0;
  while (fitsBucketLine(name.slice(0, fitting + 1))) fitting++;
  const head = name.slice(0, fitting);
  const atSeparator = Math.max(head.lastIndexOf("-"), head.lastIndexOf(".")) + 1;
  const split = atSeparator > 0 && fitsBucketLine(name.slice(atSeparator)) ? atSeparator : fitting;
  return [name.slice(0, split), name.slice(split)];
}

/** A bucket box's height: a second name line adds one line of type. */
export function bucketHeight(metrics: Metrics, nameLines: readonly string[]): number {
  return metrics.bucketSize.height + (nameLines.length - 1) * 18 * metrics.scale;
}
