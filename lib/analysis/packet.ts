import type { Protocol } from "./types";

/** One IPv4 packet as the filters see it: addresses as integers, ports or ICMP type/code. */
export interface Packet {
  protocol: Protocol;
  sourceIp: number;
  destinationIp: number;
  sourcePort?: number;
  destinationPort?: number;
  icmpType?: number;
  icmpCode?: number;
}

const ICMP_ECHO_REQUEST = 8;
const ICMP_ECHO_REPLY = 0;
/** Inside Linux's (32768-60999) and Windows' (49152-65535) ephemeral ranges. */
export const DEFAULT_EPHEMERAL_PORT = 49152;

export function requestPacket(protocol: Protocol, sourceIp: number, destinationIp: number, port?: number, sourcePort?: number): Packet {
  if (protocol === "icmp") return { protocol, sourceIp, destinationIp, icmpType: ICMP_ECHO_REQUEST, icmpCode: 0 };
  if (port === undefined) throw new Error(`A ${protocol.toUpperCase()} question needs a port`);
  return { protocol, sourceIp, destinationIp, sourcePort: sourcePort ?? DEFAULT_EPHEMERAL_PORT, destinationPort: port };
}

/** The reply to a request: addresses and ports swapped, echo request becomes echo reply. */
export function replyPacket(request: Packet): Packet {
  if (request.protocol === "icmp") {
    return { protocol: "icmp", sourceIp: request.destinationIp, destinationIp: request.sourceIp, icmpType: ICMP_ECHO_REPLY, icmpCode: 0 };
  }
  return {
    protocol: request.protocol,
    sourceIp: request.destinationIp,
    destinationIp: request.sourceIp,
    sourcePort: request.destinationPort,
    destinationPort: request.sourcePort,
  };
}

/** Readable traffic name for sentences: "ICMP", "TCP port 22". */
export function describeTraffic(protocol: Protocol, port?: number): string {
  return protocol === "icmp" ? "ICMP" : `${protocol.toUpperCase()} port ${port}`;
}
