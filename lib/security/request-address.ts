import { headers } from "next/headers";

/** The client's address as server.ts saw the socket (a client-sent header of that name is replaced). */
export async function clientAddress(): Promise<string> {
  const all = await headers();
  return all.get("x-vpclab-client-address") ?? "unknown";
}
