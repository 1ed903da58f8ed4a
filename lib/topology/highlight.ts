import type { PacketVerdict } from "@/lib/analysis";
import type { Highlight, PathTone } from "./types";

/** Answers "how is this id painted?" for one path highlight plus the recently changed ids. */
export interface Paint {
  toneOf(id: string | undefined): PathTone | undefined;
  isChanged(id: string | undefined): boolean;
}

export function paintFor(highlight: Highlight | undefined, changedIds: readonly string[] = []): Paint {
  const changed = new Set(changedIds);
  const path = new Set<string>();
  if (highlight?.tone === "changed") highlight.ids.forEach((id) => changed.add(id));
  else highlight?.ids.forEach((id) => path.add(id));
  const tone = highlight?.tone === "changed" ? undefined : highlight?.tone;
  return {
    toneOf: (id) => (id !== undefined && path.has(id) ? tone : undefined),
    isChanged: (id) => id !== undefined && changed.has(id),
  };
}

/** blocked wins over ok, so a red component inside a collapsed VPC is never hidden by green. */
export function strongest(tones: ReadonlyArray<PathTone | undefined>): PathTone | undefined {
  if (tones.includes("blocked")) return "blocked";
  return tones.includes("ok") ? "ok" : undefined;
}

/** The Tests panel's answer as a highlight: the whole path green, or only the blocking hop red. */
export function highlightForVerdict(verdict: Pick<PacketVerdict, "reachable" | "hops" | "blockedAt">): Highlight {
  if (verdict.reachable) return { ids: [...new Set(verdict.hops.map((hop) => hop.componentId))], tone: "ok" };
  const blocking = verdict.blockedAt ? [verdict.blockedAt] : verdict.hops.filter((hop) => hop.verdict === "deny");
  return { ids: [...new Set(blocking.map((hop) => hop.componentId))], tone: "blocked" };
}
