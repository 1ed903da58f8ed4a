import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { AL2023_BANNER, HostSession } from "./session";
import { fakeServices, LAB_KEY_ID, LAB_SECRET } from "./testing";
import type { Timers } from "./types";
import { worldOf } from "./world-from-snapshot";

const PROMPT = "[ec2-user@ip-10-1-0-12 ~]$ ";

/** Timers the test advances by hand. */
class ManualTimers implements Timers {
  private now = 0;
  private next = 0;
  private pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    this.pending.set(++this.next, { at: this.now + ms, callback });
    return this.next;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    while (true) {
      const due = [...this.pending].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
      await settle();
    }
    this.now = until;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function openSession(world: () => LabSnapshot, instanceId: string = LAB1.instance1) {
  const timers = new ManualTimers();
  const services = fakeServices();
  const session = new HostSession(async () => worldOf(world()), services, instanceId, { timers });
  let screen = "";
  const exits: number[] = [];
  session.onOutput = (text) => (screen += text);
  session.onExit = (code) => exits.push(code);
  const login = await session.start();
  const type = async (keys: string) => {
    session.input(keys);
    await settle();
  };
  return { session, timers, services, login, exits, type, screen: () => screen, clear: () => (screen = "") };
}

describe("an EC2 Instance Connect session", () => {
  it("opens with the AL2023 banner and the prompt", async () => {
    const { login } = await openSession(lab1Snapshot);
    expect(login).toBe(`${AL2023_BANNER}\r\n${PROMPT}`);
    expect(AL2023_BANNER.split("\r\n")[1]).toBe("   ~\\_  ####_        Amazon Linux 2023");
  });

  it("echoes typing, honours Backspace and runs the line on Enter", async () => {
    const { type, screen } = await openSession(lab1Snapshot);
    await type("hostnamx");
    await type("\x7f");
    await type("e\r");
    expect(screen()).toBe(`hostnamx\b \be\r\nip-10-1-0-12.ec2.internal\r\n${PROMPT}`);
  });

  it("streams ping one reply per second and prints the statistics on Ctrl-C", async () => {
    const { type, timers, screen } = await openSession(lab1Snapshot);
    await type("ping 10.2.0.25\r");
    expect(screen()).toMatch(/^ping 10\.2\.0\.25\r\nPING 10\.2\.0\.25 \(10\.2\.0\.25\) 56\(84\) bytes of data\.\r\n64 bytes from 10\.2\.0\.25: icmp_seq=1 ttl=64 time=0\.\d{3} ms\r\n$/);
    await timers.advance(1030);
    expect(screen()).toContain("icmp_seq=2");
    expect(screen()).not.toContain("icmp_seq=3");
    await type("\x03");
    expect(screen()).toMatch(/icmp_seq=2 ttl=64 time=0\.\d{3} ms\r\n\^C\r\n--- 10\.2\.0\.25 ping statistics ---\r\n2 packets transmitted, 2 received, 0% packet loss, time 10\d\dms\r\nrtt min\/avg\/max\/mdev = [\d./]+ ms\r\n\[ec2-user@ip-10-1-0-12 ~\]\$ $/);
  });

  it("re-reads the world for every packet: a rule added mid-ping brings the replies", async () => {
    let snapshot = structuredClone(lab1Snapshot());
    const group = snapshot.securityGroups.find((g) => g.GroupId === LAB1.sg2)!;
    group.IpPermissions = group.IpPermissions!.filter((rule) => rule.IpProtocol !== "icmp");
    const { type, timers, screen } = await openSession(() => snapshot);
    await type("ping -c 3 10.2.0.25\r");
    expect(screen()).not.toContain("64 bytes");
    snapshot = lab1Snapshot();
    await timers.advance(1030);
    expect(screen()).toContain("64 bytes from 10.2.0.25: icmp_seq=2 ttl=64");
  });

  it("prints ^C and a fresh prompt when Ctrl-C is pressed at the prompt", async () => {
    const { type, screen } = await openSession(lab1Snapshot);
    await type("ls -la\x03");
    expect(screen()).toBe(`ls -la^C\r\n${PROMPT}`);
  });

  it("asks aws configure's questions interactively and writes the answers", async () => {
    const { type, screen, services } = await openSession(lab2Snapshot, LAB2.instance);
    await type("aws configure\r");
    await type(`${LAB_KEY_ID}\r`);
    await type(`${LAB_SECRET}\r`);
    await type("us-east-1\r");
    await type("\r");
    expect(screen()).toBe(
      `aws configure\r\nAWS Access Key ID [None]: ${LAB_KEY_ID}\r\nAWS Secret Access Key [None]: ${LAB_SECRET}\r\nDefault region name [None]: us-east-1\r\nDefault output format [None]: \r\n[ec2-user@ip-10-0-0-10 ~]$ `,
    );
    expect(services.files.get(LAB2.instance)).toEqual({
      "/home/ec2-user/.aws/": "",
      "/home/ec2-user/.aws/credentials": `[default]\naws_access_key_id = ${LAB_KEY_ID}\naws_secret_access_key = ${LAB_SECRET}\n`,
      "/home/ec2-user/.aws/config": "[default]\nregion = us-east-1\n",
    });
    await type("aws configure\r");
    expect(screen()).toContain("AWS Access Key ID [****************MPLE]: ");
  });

  it("ends with logout on exit and on Ctrl-D at an empty prompt", async () => {
    const first = await openSession(lab1Snapshot);
    await first.type("exit\r");
    expect(first.screen()).toBe("exit\r\nlogout\r\n");
    expect(first.exits).toEqual([0]);
    await first.type("hostname\r");
    expect(first.screen()).toBe("exit\r\nlogout\r\n");
    const second = await openSession(lab1Snapshot);
    await second.type("false\r\x04");
    expect(second.exits).toEqual([1]);
    expect(second.screen().endsWith(`${PROMPT}logout\r\n`)).toBe(true);
  });

  it("continues an unfinished line with > ", async () => {
    const { type, screen } = await openSession(lab1Snapshot);
    await type('echo "a\r');
    await type('b"\r');
    expect(screen()).toBe(`echo "a\r\n> b"\r\na\r\nb\r\n${PROMPT}`);
  });
});
