import { indexSnapshot, type LabSnapshot } from "@/lib/analysis";
import type { World } from "./types";

/** The world a command runs in, from a snapshot of the sandbox's state. */
export function worldOf(snapshot: LabSnapshot): World {
  return { snapshot, index: indexSnapshot(snapshot) };
}
