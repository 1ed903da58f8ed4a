import { describe, expect, it } from "vitest";
import { isOpenSshPublicKey } from "@/lib/sandbox/ec2-instance-connect/model/keys";
import { oneTimeSshPublicKey } from "./one-time-key";

describe("oneTimeSshPublicKey", () => {
  it("is a fresh OpenSSH ed25519 key each time, long enough for SendSSHPublicKey", () => {
    const first = oneTimeSshPublicKey();
    const second = oneTimeSshPublicKey();
    expect(first).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} vpc-lab-instance-connect$/);
    expect(isOpenSshPublicKey(first)).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(80);
    expect(second).not.toBe(first);
  });
});
