/**
 * One run of a lab at a time: two tabs clicking Do it for me together build one set of resources,
 * the second is told a run is in progress, and the lab is free again once the first is done.
 */
import { DescribeInternetGatewaysCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";

import { doLabStep } from "./check";
import { LabRunInProgressError, withLabRunLock } from "./run-lock";
import { sandboxClients } from "./testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

describe("the per-lab run lock", () => {
  it("builds one set of resources when Do it for me runs in two tabs at once", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    const doIt = () => withLabRunLock(account.userId, "vpc-peering", () => doLabStep(clients, "vpc-peering", "vpcs"));
    const outcomes = await Promise.allSettled([doIt(), doIt()]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected")!.reason;
    expect(refused).toBeInstanceOf(LabRunInProgressError);
    expect(refused.message).toMatch(/^Another run of this lab is in progress/);
    const { Vpcs } = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: ["lab1-vpc-1"] }] }));
    expect(Vpcs).toHaveLength(1);
    const { InternetGateways } = await clients.ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(InternetGateways!.every((gateway) => gateway.Attachments?.length)).toBe(true);

    // Done: the next click runs (and finds nothing missing).
    expect((await doIt()).created).toEqual([]);
  });

  it("holds per lab and per student: another lab, or another student, runs meanwhile", async () => {
    const [ada, bo] = [await server.newAccount(), await server.newAccount()];
    let release!: () => void;
    const held = withLabRunLock(ada.userId, "vpc-peering", () => new Promise<void>((resolve) => (release = resolve)));
    await expect(withLabRunLock(ada.userId, "vpc-peering", async () => "second")).rejects.toBeInstanceOf(LabRunInProgressError);
    await expect(withLabRunLock(ada.userId, "vpc-endpoints", async () => "other lab")).resolves.toBe("other lab");
    await expect(withLabRunLock(bo.userId, "vpc-peering", async () => "other student")).resolves.toBe("other student");
    release();
    await held;
    await expect(withLabRunLock(ada.userId, "vpc-peering", async () => "after")).resolves.toBe("after");
  });

  it("frees the lab when a run fails", async () => {
    const account = await server.newAccount();
    await expect(withLabRunLock(account.userId, "vpc-peering", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withLabRunLock(account.userId, "vpc-peering", async () => "again")).resolves.toBe("again");
  });
});
