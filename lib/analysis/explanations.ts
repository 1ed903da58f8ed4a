import type { Explanation } from "./types";

/** One sentence per failure: what happened (`message`) and the change that fixes it (`fix`). */
export const explain = {
  instanceNotRunning(instanceId: string, state: string): Explanation {
    return {
      code: "BAD_STATE",
      message: `Instance ${instanceId} is ${state}, so it neither sends nor answers packets.`,
      fix: `Start instance ${instanceId}.`,
    };
  },

  securityGroupBlocks(groupId: string, direction: "ingress" | "egress", traffic: string, peer: string): Explanation {
    const inbound = direction === "ingress";
    return {
      code: "ENI_SG_RULES_MISMATCH",
      message: `Security group ${groupId} has no ${inbound ? "inbound" : "outbound"} rule allowing ${traffic} ${inbound ? "from" : "to"} ${peer}.`,
      fix: `Add an ${inbound ? "inbound" : "outbound"} rule to ${groupId} allowing ${traffic} ${inbound ? "from" : "to"} ${peer}.`,
    };
  },

  networkAclBlocks(aclId: string, direction: "inbound" | "outbound", traffic: string, peer: string, ruleNumber?: number, isReply = false): Explanation {
    const what = `${isReply ? "reply " : ""}${traffic} ${direction === "inbound" ? "from" : "to"} ${peer}`;
    const finalDeny = ruleNumber === undefined || ruleNumber === 32767;
    const stateless = isReply ? "; network ACLs are stateless, so replies need their own rule" : "";
    return {
      code: "SUBNET_ACL_RESTRICTION",
      message: `Network ACL ${aclId} denies ${direction} ${what} by ${finalDeny ? "its final deny rule (*)" : `rule ${ruleNumber}`}${stateless}.`,
      fix: `Add an ${direction} rule${finalDeny ? "" : ` numbered below ${ruleNumber}`} to ${aclId} allowing ${what}.`,
    };
  },

  noRoute(routeTableId: string, address: string, isReturn: boolean, fix: string, defaultRoute?: string): Explanation {
    const where = isReturn ? `no route back to ${address}` : `no route to ${address}`;
    const consequence = defaultRoute
      ? `; its ${defaultRoute} route cannot carry a private address`
      : isReturn
        ? ", so the reply is dropped"
        : "";
    return { code: "NO_ROUTE_TO_DESTINATION", message: `Route table ${routeTableId} has ${where}${consequence}.`, fix };
  },

  blackholeRoute(routeTableId: string, destination: string, targetId: string): Explanation {
    return {
      code: "BAD_STATE_ROUTE",
      message: `Route ${destination} -> ${targetId} in ${routeTableId} is a blackhole: its target no longer works.`,
      fix: `Replace the target of route ${destination} in ${routeTableId} with a working peering connection or gateway.`,
    };
  },

  peeringNotActive(pcxId: string, status: string, statusMessage?: string): Explanation {
    const fix =
      status === "pending-acceptance"
        ? `Accept peering connection ${pcxId}.`
        : status === "failed"
          ? `Peer two VPCs whose CIDR blocks do not overlap and point the route at the new connection (${pcxId} cannot be deleted: AWS removes a failed connection after two hours).`
          : status === "provisioning" || status === "initiating-request"
            ? `Wait for peering connection ${pcxId} to become active.`
            : `Create a new peering connection to replace ${pcxId} and point the route at it.`;
    const reason = statusMessage ? ` (${statusMessage})` : "";
    return { code: "BAD_STATE", message: `Peering connection ${pcxId} is ${status}${reason}, not active.`, fix };
  },

  peeringAddressOutsideCidr(pcxId: string, address: string, peerVpcId: string, peerCidrs: string): Explanation {
    return {
      code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
      message: `Peering connection ${pcxId} only carries traffic for ${peerVpcId} (${peerCidrs}); ${address} is outside it.`,
      fix: `Send traffic for ${address} to a connection that reaches it, or narrow the route to ${peerCidrs}.`,
    };
  },

  noPublicIpForIngress(instanceId: string): Explanation {
    return {
      code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
      message: `Instance ${instanceId} has no public IPv4 address, so nothing on the internet can reach it.`,
      fix: `Allocate an Elastic IP address and associate it with instance ${instanceId}.`,
    };
  },

  noPublicIpForEgress(instanceId: string, gatewayId: string): Explanation {
    return {
      code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
      message: `Instance ${instanceId} has no public IPv4 address, so ${gatewayId} cannot carry its traffic to the internet.`,
      fix: `Allocate an Elastic IP address and associate it with instance ${instanceId}.`,
    };
  },

  noInternetGateway(vpcId: string): Explanation {
    return {
      code: "BAD_STATE_ATTACHMENT",
      message: `No internet gateway is attached to ${vpcId}, so traffic from the internet cannot enter it.`,
      fix: `Create an internet gateway and attach it to ${vpcId}.`,
    };
  },

  nothingAtAddress(vpcId: string, address: string): Explanation {
    return {
      code: "NO_POSSIBLE_DESTINATION",
      message: `No running network interface in ${vpcId} has the address ${address}.`,
      fix: `Use the private IPv4 address of an instance in ${vpcId}.`,
    };
  },

  unsupportedTarget(routeTableId: string, targetId: string): Explanation {
    return {
      code: "NO_POSSIBLE_DESTINATION",
      message: `Route table ${routeTableId} sends this traffic to ${targetId}, which this analysis does not follow (only local, peering, internet gateway and gateway endpoint routes).`,
      fix: `Route the traffic through a peering connection or internet gateway to analyse it.`,
    };
  },

  endpointUnavailable(endpointId: string, state: string): Explanation {
    return { code: "BAD_STATE", message: `VPC endpoint ${endpointId} is ${state}, not available.`, fix: `Wait for ${endpointId} to become available, or recreate it.` };
  },

  endpointProtocol(endpointId: string, protocol: string): Explanation {
    return {
      code: "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
      message: `Gateway endpoint ${endpointId} carries only TCP and ICMP echo traffic, not ${protocol.toUpperCase()}.`,
      fix: `Use TCP (HTTPS) to reach the service through ${endpointId}.`,
    };
  },
};
