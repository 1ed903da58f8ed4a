/** The two labs' ids (browser-safe: the console's diagram and pages read them too). */
export type LabId = "vpc-peering" | "vpc-endpoints";

export function isLabId(id: string | undefined): id is LabId {
  return id === "vpc-peering" || id === "vpc-endpoints";
}
