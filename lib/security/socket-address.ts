import type http from "node:http";

/** Load balancers in front of the app (VPCLAB_TRUSTED_PROXIES, comma-separated socket addresses). */
function trustedProxies(): Set<string> {
  return new Set((process.env.VPCLAB_TRUSTED_PROXIES ?? "").split(",").map((address) => address.trim()).filter(Boolean));
}

/**
 * The address a request came from, as sign-in throttling counts it: the socket's, or, when the
 * socket is a trusted load balancer, the last address it appended to X-Forwarded-For (earlier
 * entries are the client's own word). Behind nginx every request's socket is nginx: without this
 * a whole class would share one address and one throttle.
 */
export function requestAddress(req: Pick<http.IncomingMessage, "socket" | "headers">): string {
  const socketAddress = req.socket.remoteAddress ?? "unknown";
  if (!trustedProxies().has(socketAddress)) return socketAddress;
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded ?? "").split(",").at(-1)?.trim();
  return last || socketAddress;
}
