import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { runScript } from "./run-script";
import { fakeServices } from "./testing";
import { worldOf } from "./world-from-snapshot";

const TOKEN_FLOW = `TOKEN=$(curl -s -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")`;

function imdsPage(status: string): string {
  return `<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n </body>\n</html>`;
}

async function onInstance1(script: string) {
  return runScript(worldOf(lab1Snapshot()), fakeServices(), LAB1.instance1, script);
}

describe("curl to the instance metadata service", () => {
  it("refuses a tokenless request: AL2023 requires IMDSv2", async () => {
    const result = await onInstance1("curl http://169.254.169.254/latest/meta-data/instance-id");
    expect(result).toMatchObject({ stdout: imdsPage("401 - Unauthorized"), exitCode: 0 });
  });

  it("answers with a session token, without a trailing newline", async () => {
    const result = await onInstance1(`${TOKEN_FLOW} && curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id`);
    expect(result).toMatchObject({ stdout: LAB1.instance1, stderr: "", exitCode: 0 });
  });

  it("serves the instance's addresses, placement and names", async () => {
    const paths = ["local-ipv4", "public-ipv4", "placement/availability-zone", "hostname"];
    const script = [TOKEN_FLOW, ...paths.map((p) => `curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/${p}; echo`)].join("\n");
    expect((await onInstance1(script)).stdout).toBe("10.1.0.12\n54.210.33.17\nus-east-1a\nip-10-1-0-12.ec2.internal\n");
  });

  it("has no public-ipv4 on an instance without one, and no role credentials (no instance profile)", async () => {
    const script = `${TOKEN_FLOW}\ncurl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/public-ipv4; echo\ncurl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/`;
    const result = await runScript(worldOf(lab1Snapshot()), fakeServices(), LAB1.instance2, script);
    expect(result.stdout).toBe(`${imdsPage("404 - Not Found")}\n${imdsPage("404 - Not Found")}`);
  });

  it("rejects a forged token", async () => {
    const result = await onInstance1(`curl -H "X-aws-ec2-metadata-token: AQAEAfake.token" http://169.254.169.254/latest/meta-data/`);
    expect(result.stdout).toBe(imdsPage("401 - Unauthorized"));
  });
});

describe("curl to other hosts", () => {
  it("is refused at once by a reachable host (nothing listens on port 80)", async () => {
    const snapshot = structuredClone(lab1Snapshot());
    snapshot.securityGroups.find((g) => g.GroupId === LAB1.sg2)!.IpPermissions!.push({ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.1.0.0/16" }] });
    const result = await runScript(worldOf(snapshot), fakeServices(), LAB1.instance1, "curl http://10.2.0.25");
    expect(result).toMatchObject({ stderr: "curl: (7) Failed to connect to 10.2.0.25 port 80 after 0 ms: Couldn't connect to server\n", exitCode: 7 });
  });

  it("times out after the kernel's SYN retries when the security group drops the packets", async () => {
    const result = await onInstance1("curl 10.2.0.25");
    expect(result.stderr).toMatch(/^curl: \(28\) Failed to connect to 10\.2\.0\.25 port 80 after 13\d{4} ms: Couldn't connect to server\n$/);
    expect(result.exitCode).toBe(28);
  });

  it("cannot resolve names outside the lab", async () => {
    expect(await onInstance1("curl -s example.invalid; echo $?")).toMatchObject({ stdout: "6\n", stderr: "" });
  });
});

describe("the rest of the shell", () => {
  it("answers hostname, whoami, pwd and sudo like AL2023", async () => {
    expect((await onInstance1("hostname; whoami; sudo whoami; pwd")).stdout).toBe("ip-10-1-0-12.ec2.internal\nec2-user\nroot\n/home/ec2-user\n");
  });

  it("shows the ENI with its subnet's prefix and broadcast in ip addr", async () => {
    const { stdout } = await onInstance1("ip addr");
    expect(stdout).toContain("2: enX0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc fq_codel state UP group default qlen 1000\n");
    expect(stdout).toMatch(/\n {4}inet 10\.1\.0\.12\/24 metric 512 brd 10\.1\.0\.255 scope global dynamic enX0\n/);
  });

  it("says command not found with status 127, and the script's status is the last command's", async () => {
    expect(await onInstance1("nslookup x")).toMatchObject({ stderr: "bash: nslookup: command not found\n", exitCode: 127 });
    expect(await onInstance1("nslookup x\necho ok")).toMatchObject({ stdout: "ok\n", exitCode: 0 });
    expect(await onInstance1("exit 3\necho never")).toMatchObject({ stdout: "", exitCode: 3 });
  });

  it("writes, appends and reads files with > and >>, expanding variables", async () => {
    const result = await onInstance1('NAME=world; echo "hello $NAME" > f.txt; echo again >> f.txt; cat f.txt; ls; cat missing');
    expect(result).toMatchObject({ stdout: "hello world\nagain\nf.txt\n", stderr: "cat: missing: No such file or directory\n", exitCode: 1 });
  });
});
