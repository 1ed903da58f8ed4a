import { afterEach, describe, expect, it } from "vitest";
import { requestAddress } from "./socket-address";

const request = (remoteAddress: string, forwardedFor?: string) => ({
  socket: { remoteAddress } as never,
  headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
});

describe("the address sign-in throttling counts", () => {
  afterEach(() => {
    delete process.env.VPCLAB_TRUSTED_PROXIES;
  });

  it("is the socket's when no load balancer is trusted, whatever X-Forwarded-For claims", () => {
    expect(requestAddress(request("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
  });

  it("is the address a trusted load balancer appended, not one the client wrote before it", () => {
    process.env.VPCLAB_TRUSTED_PROXIES = "127.0.0.1, ::1";
    expect(requestAddress(request("127.0.0.1", "10.9.9.9, 198.51.100.1"))).toBe("198.51.100.1");
    expect(requestAddress(request("::1", "198.51.100.2"))).toBe("198.51.100.2");
    expect(requestAddress(request("127.0.0.1"))).toBe("127.0.0.1");
    expect(requestAddress(request("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
  });
});
