/** The live diagram's colours (components/diagram/diagram.css), for the exported picture. */
import type { PathTone } from "../types";
import type { PeeringLook } from "../peering";

export const COLOR = {
  text: "#0f172a",
  muted: "#334155",
  faint: "#64748b",
  canvas: "#ffffff",
  vpc: "#1a5492",
  vpcFill: "#eff8ff",
  public: "#166534",
  publicFill: "#f0fdf4",
  private: "#475569",
  privateFill: "#f8fafc",
  igw: "#6d28d9",
  rtb: "#0e7490",
  s3: "#2f6b1a",
  ok: "#15803d",
  okFill: "#dcfce7",
  blocked: "#b91c1c",
  blockedFill: "#fee2e2",
  pending: "#b45309",
  closed: "#64748b",
  chipFill: "#f1f5f9",
  chipStroke: "#64748b",
  link: "#475569",
  white: "#ffffff",
} as const;

export function toneColor(tone: PathTone): string {
  return tone === "ok" ? COLOR.ok : COLOR.blocked;
}

export const PEERING_STROKE: Record<PeeringLook, { color: string; dash?: string }> = {
  active: { color: COLOR.ok },
  pending: { color: COLOR.pending, dash: "10 6" },
  failed: { color: COLOR.blocked },
  closed: { color: COLOR.closed, dash: "4 6" },
};
