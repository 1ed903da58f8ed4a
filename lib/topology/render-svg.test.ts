import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot, S3_PREFIX_LIST_US_EAST_1 } from "@/lib/analysis/fixtures";
import { bothLabsSnapshot } from "./__fixtures__/labs";
import { MIN_TEXT_PX, PASTE_WIDTH, renderTopologySvg, type RenderOptions } from "./render-svg";

const OPTIONS: RenderOptions = { title: "VPC Peering", date: new Date("2026-12-02T20:45:00Z") };

interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: SvgElement[];
}

type Parsed = Array<Record<string, unknown>>;

function toElements(nodes: Parsed): SvgElement[] {
  return nodes.flatMap((node) => {
    const name = Object.keys(node).find((key) => key !== ":@");
    if (!name || name === "#text" || name === "?xml") return [];
    const children = toElements(node[name] as Parsed);
    const text = (node[name] as Parsed).map((child) => (child["#text"] === undefined ? "" : String(child["#text"]))).join("");
    return [{ name, attributes: (node[":@"] ?? {}) as Record<string, string>, text, children }];
  });
}

/** The SVG as a tree of elements, parsed by a real XML parser (which also proves it is well-formed). */
function parse(svg: string): SvgElement {
  expect(XMLValidator.validate(svg)).toBe(true);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", parseAttributeValue: false, trimValues: false, processEntities: true });
  const [root] = toElements(parser.parse(svg) as Parsed);
  return root;
}

function all(root: SvgElement): SvgElement[] {
  return [root, ...root.children.flatMap(all)];
}

function find(root: SvgElement, predicate: (element: SvgElement) => boolean): SvgElement[] {
  return all(root).filter(predicate);
}

const texts = (root: SvgElement) => find(root, (element) => element.name === "text").map((element) => element.text);

function boxOf(root: SvgElement, id: string) {
  const [node] = find(root, (element) => element.attributes["data-id"] === id && element.attributes["data-kind"] !== undefined);
  const frame = node.children.find((child) => child.name === "rect")!;
  const [x, y, width, height] = ["x", "y", "width", "height"].map((key) => Number(frame.attributes[key]));
  return { x, y, width, height };
}

function named(snapshot: LabSnapshot, names: Record<string, string>): LabSnapshot {
  const tag = <T extends { Tags?: { Key?: string; Value?: string }[] }>(id: string | undefined, item: T): T =>
    id && names[id] ? { ...item, Tags: [{ Key: "Name", Value: names[id] }] } : item;
  return {
    ...snapshot,
    vpcs: snapshot.vpcs.map((vpc) => tag(vpc.VpcId, vpc)),
    subnets: snapshot.subnets.map((subnet) => tag(subnet.SubnetId, subnet)),
    instances: snapshot.instances.map((instance) => tag(instance.InstanceId, instance)),
    routeTables: snapshot.routeTables.map((table) => tag(table.RouteTableId, table)),
    internetGateways: snapshot.internetGateways.map((gateway) => tag(gateway.InternetGatewayId, gateway)),
  };
}

describe("renderTopologySvg, Lab 1", () => {
  it("draws the peering connection as a path from one VPC box to the other, labelled with its id and state", async () => {
    const root = parse((await renderTopologySvg(lab1Snapshot(), OPTIONS)).svg);
    const [peering] = find(root, (element) => element.attributes["data-peering"] === LAB1.pcx);
    expect(peering.attributes).toMatchObject({ "data-source": LAB1.vpc1, "data-target": LAB1.vpc2, "data-status": "active" });
    const path = peering.children.find((child) => child.name === "path")!;
    const points = [...path.attributes.d.matchAll(/-?[\d.]+,-?[\d.]+/g)].map((match) => match[0].split(",").map(Number));
    const [start, end] = [points[0], points.at(-1)!];
    const left = boxOf(root, LAB1.vpc1);
    const right = boxOf(root, LAB1.vpc2);
    expect(start[0]).toBeCloseTo(left.x + left.width);
    expect(start[1]).toBeGreaterThan(left.y);
    expect(start[1]).toBeLessThan(left.y + left.height);
    expect(end[0]).toBeCloseTo(right.x);
    expect(end[1]).toBeGreaterThan(right.y);
    expect(end[1]).toBeLessThan(right.y + right.height);
    expect(texts(peering)).toEqual([LAB1.pcx, "active"]);
  });

  it("puts a named peering connection's Name tag on its card above its id and state, top to bottom as the live view, escaped", async () => {
    const snapshot = lab1Snapshot();
    snapshot.peeringConnections[0] = { ...snapshot.peeringConnections[0], Tags: [{ Key: "Name", Value: "VPC 1 <> VPC 2" }] };
    const { svg } = await renderTopologySvg(snapshot, OPTIONS);
    expect(svg).toContain("VPC 1 &lt;&gt; VPC 2");
    const [label] = find(parse(svg), (element) => element.attributes["data-peering-label"] === LAB1.pcx);
    expect(texts(label)).toEqual(["VPC 1 <> VPC 2", LAB1.pcx, "active"]);
    const lines = find(label, (element) => element.name === "text").map((line) => Number(line.attributes.y));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const card = find(label, (element) => element.name === "rect")[0].attributes;
    expect(lines.at(-1)).toBeLessThan(Number(card.y) + Number(card.height));
  });

  it("leaves a failed peering off the picture (it is history, not a link) and draws a pending one dashed", async () => {
    const failed = lab1Snapshot();
    failed.peeringConnections[0].Status = { Code: "failed", Message: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range." };
    const root = parse((await renderTopologySvg(failed, OPTIONS)).svg);
    expect(find(root, (element) => element.attributes["data-peering"] === LAB1.pcx)).toEqual([]);

    const pending = lab1Snapshot();
    pending.peeringConnections[0].Status = { Code: "pending-acceptance", Message: "Pending Acceptance by 111122223333" };
    const [line] = find(parse((await renderTopologySvg(pending, OPTIONS)).svg), (element) => element.attributes["data-edge"] === "peering");
    expect(line.attributes["stroke-dasharray"]).toBe("10 6");
  });

  it("links each public route table to its VPC's internet gateway and each subnet to its route table", async () => {
    const root = parse((await renderTopologySvg(lab1Snapshot(), OPTIONS)).svg);
    const edges = find(root, (element) => element.name === "path" && element.attributes["data-edge"] !== undefined).map((element) => [
      element.attributes["data-edge"],
      element.attributes["data-source"],
      element.attributes["data-target"],
    ]);
    expect(edges).toEqual(
      expect.arrayContaining([
        ["internet-route", LAB1.rtb1, LAB1.igw1],
        ["internet-route", LAB1.rtb2, LAB1.igw2],
        ["association", LAB1.subnet1, LAB1.rtb1],
        ["association", LAB1.subnet2, LAB1.rtb2],
        ["peering", undefined, undefined],
      ]),
    );
  });

  it("shows Name tags as titles, with the ids still there in small type", async () => {
    const snapshot = named(lab1Snapshot(), { [LAB1.vpc1]: "Lab1-VPC-1", [LAB1.subnet2]: "VPC2-Public", [LAB1.instance1]: "Instance - NextWork VPC 1", [LAB1.igw2]: "NextWork IG 2" });
    const root = parse((await renderTopologySvg(snapshot, OPTIONS)).svg);
    const all = texts(root);
    expect(all).toEqual(expect.arrayContaining(["Lab1-VPC-1", "VPC2-Public", "Instance - NextWork VPC 1", "NextWork IG 2", LAB1.igw2]));
    expect(all.some((line) => line.includes(LAB1.vpc1))).toBe(true);
    expect(all.some((line) => line.includes(LAB1.instance1))).toBe(true);
  });

  it("draws the security-group and NACL chips and the routes of each table", async () => {
    const root = parse((await renderTopologySvg(lab1Snapshot(), OPTIONS)).svg);
    expect(find(root, (element) => element.attributes["data-chip"] === "sg").map((chip) => chip.attributes["data-id"])).toEqual([LAB1.sg1, LAB1.sg2]);
    expect(find(root, (element) => element.attributes["data-chip"] === "acl").map((chip) => chip.attributes["data-id"])).toEqual([LAB1.acl1, LAB1.acl2]);
    expect(texts(root)).toEqual(expect.arrayContaining([`10.2.0.0/16 → ${LAB1.pcx}`, `0.0.0.0/0 → ${LAB1.igw1}`]));
  });

  it("uses only shapes, text and paths: no foreignObject, no HTML, no script", async () => {
    const { svg } = await renderTopologySvg(lab1Snapshot(), OPTIONS);
    const names = new Set(all(parse(svg)).map((element) => element.name));
    expect([...names].sort()).toEqual(["circle", "g", "path", "rect", "svg", "text", "title"]);
    expect(svg).not.toMatch(/foreignObject|xhtml/i);
  });

  it("keeps every piece of text at 12 px or more when the picture is pasted 1,200 px wide", async () => {
    for (const snapshot of [lab1Snapshot(), lab2Snapshot()]) {
      const { svg, width } = await renderTopologySvg(snapshot, { ...OPTIONS, highlight: { ids: [LAB1.sg2], tone: "blocked" } });
      const sizes = find(parse(svg), (element) => element.name === "text").map((element) => Number(element.attributes["font-size"]));
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.min(...sizes) * (PASTE_WIDTH / width)).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    }
  });

  it("renders the same bytes for the same snapshot and date", async () => {
    const first = await renderTopologySvg(lab1Snapshot(), OPTIONS);
    const second = await renderTopologySvg(lab1Snapshot(), OPTIONS);
    expect(second.svg).toBe(first.svg);
    expect(first.svg).toContain("2026-12-02 20:45 UTC");
  });

  it("paints a blocked test red at the blocking hop and says so in words", async () => {
    const highlight = { ids: [LAB1.sg2], tone: "blocked" as const };
    const root = parse((await renderTopologySvg(lab1Snapshot(), { ...OPTIONS, highlight, testCaption: "ping 10.2.0.25" })).svg);
    const [chip] = find(root, (element) => element.attributes["data-chip"] === "sg" && element.attributes["data-id"] === LAB1.sg2);
    expect(chip.attributes["data-tone"]).toBe("blocked");
    expect(texts(chip)).toContain("Blocked here");
    expect(texts(root)).toContain("Last test: ping 10.2.0.25 — blocked: the blocking hop is drawn in red");
  });

  it("writes a long subnet name whole, moving the Public tag down beside the CIDR", async () => {
    const named = lab1Snapshot();
    named.subnets = named.subnets.map((subnet) => ({ ...subnet, Tags: [{ Key: "Name", Value: "lab1-vpc-1-subnet-public1" }] }));
    const root = parse((await renderTopologySvg(named, OPTIONS)).svg);
    expect(texts(root).filter((line) => line === "lab1-vpc-1-subnet-public1")).toHaveLength(2);
    // The zone beside it too (it read "10.1.0.0/24 · us-east…" in every write-up of the lab's names).
    expect(texts(root).filter((line) => line.endsWith("· us-east-1a"))).toHaveLength(2);
  });

  it("writes a long blocking security group's name whole, in red, rather than cutting it for the word 'Blocked here'", async () => {
    // The name a student gives instance 2's group in the launch wizard (the fixture's is shorter).
    const named = JSON.parse(JSON.stringify(lab1Snapshot()).replaceAll('"lab1-vpc2-sg"', '"lab1-instance-2-sg"')) as LabSnapshot;
    const highlight = { ids: [LAB1.sg2], tone: "blocked" as const };
    const root = parse((await renderTopologySvg(named, { ...OPTIONS, highlight })).svg);
    const [chip] = find(root, (element) => element.attributes["data-chip"] === "sg" && element.attributes["data-id"] === LAB1.sg2);
    expect(texts(chip)).toContain("lab1-instance-2-sg");
    expect(chip.attributes["data-tone"]).toBe("blocked");
  });

  it("paints a working test's path green, edges included", async () => {
    const highlight = { ids: [LAB1.instance1, LAB1.subnet1, LAB1.rtb1, LAB1.pcx, LAB1.rtb2, LAB1.subnet2, LAB1.instance2], tone: "ok" as const };
    const root = parse((await renderTopologySvg(lab1Snapshot(), { ...OPTIONS, highlight })).svg);
    const toned = find(root, (element) => element.attributes["data-edge"] === "association").map((element) => element.attributes["data-tone"]);
    expect(toned).toEqual(["ok", "ok"]);
    expect(boxOf(root, LAB1.instance2)).toBeDefined();
    expect(find(root, (element) => element.attributes["data-tone-badge"] === "ok").length).toBeGreaterThanOrEqual(6);
  });
});

describe("renderTopologySvg, Lab 2", () => {
  it("draws the gateway endpoint, its prefix-list route and its link to the bucket", async () => {
    const root = parse((await renderTopologySvg(lab2Snapshot(), { ...OPTIONS, title: "VPC Endpoints" })).svg);
    const edges = find(root, (element) => element.name === "path" && element.attributes["data-edge"] !== undefined).map((element) => [
      element.attributes["data-edge"],
      element.attributes["data-source"],
      element.attributes["data-target"],
    ]);
    expect(edges).toEqual(
      expect.arrayContaining([
        ["endpoint-route", LAB2.rtb, LAB2.vpce],
        ["endpoint-service", LAB2.vpce, LAB2.bucket],
        ["internet-route", LAB2.rtb, LAB2.igw],
      ]),
    );
    expect(texts(root)).toEqual(expect.arrayContaining([`${S3_PREFIX_LIST_US_EAST_1} → ${LAB2.vpce}`, LAB2.bucket, "Bucket policy set", "com.amazonaws.us-east-1.s3"]));
  });

  it("leaves out the collapsed default VPC, which no lab step uses", async () => {
    const snapshot = lab2Snapshot();
    snapshot.vpcs.push({ VpcId: "vpc-default0000000001", CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available" });
    const root = parse((await renderTopologySvg(snapshot, OPTIONS)).svg);
    expect(find(root, (element) => element.attributes["data-id"] === "vpc-default0000000001")).toEqual([]);
    expect(all(root).some((element) => element.text.includes("Open"))).toBe(false);
  });
});

describe("renderTopologySvg, each lab framed on its own resources (as its page's diagram)", () => {
  const drawnIds = (root: SvgElement) => new Set(find(root, (element) => element.attributes["data-kind"] !== undefined).map((element) => element.attributes["data-id"]));
  const edgeEnds = (root: SvgElement) => find(root, (element) => element.attributes["data-source"] !== undefined).flatMap((element) => [element.attributes["data-source"], element.attributes["data-target"]]);

  it("leaves Lab 1's VPCs, their insides and their peering line out of Lab 2's picture", async () => {
    const root = parse((await renderTopologySvg(bothLabsSnapshot(), { ...OPTIONS, title: "VPC Endpoints", labId: "vpc-endpoints" })).svg);
    const drawn = drawnIds(root);
    for (const id of [LAB1.vpc1, LAB1.vpc2, LAB1.subnet1, LAB1.instance1, LAB1.instance2, LAB1.rtb1]) expect(drawn.has(id), id).toBe(false);
    expect(find(root, (element) => element.attributes["data-peering"] !== undefined)).toEqual([]);
    expect(edgeEnds(root).filter((id) => !drawn.has(id))).toEqual([]);
    for (const id of [LAB2.vpc, LAB2.subnet, LAB2.instance, LAB2.rtb, LAB2.vpce]) expect(drawn.has(id), id).toBe(true);
    expect(texts(root).join("\n")).not.toContain(LAB1.pcx);
  });

  it("leaves Lab 2's VPC and endpoint out of Lab 1's picture, and keeps Lab 1's peering", async () => {
    const root = parse((await renderTopologySvg(bothLabsSnapshot(), { ...OPTIONS, labId: "vpc-peering" })).svg);
    const drawn = drawnIds(root);
    for (const id of [LAB2.vpc, LAB2.subnet, LAB2.instance, LAB2.vpce]) expect(drawn.has(id), id).toBe(false);
    expect(edgeEnds(root).filter((id) => !drawn.has(id))).toEqual([]);
    const [peering] = find(root, (element) => element.attributes["data-peering"] === LAB1.pcx);
    expect(peering.attributes).toMatchObject({ "data-source": LAB1.vpc1, "data-target": LAB1.vpc2 });
    expect(find(root, (element) => element.attributes["data-kind"] === "bucket")).toEqual([]);
  });

  it("explains in the legend only what the picture draws: no peering lines in Lab 2's, no bucket or endpoint in Lab 1's", async () => {
    const legendOf = async (labId: string) => {
      const root = parse((await renderTopologySvg(bothLabsSnapshot(), { ...OPTIONS, labId })).svg);
      const [legend] = find(root, (element) => element.attributes["data-part"] === "legend");
      return texts(legend);
    };
    const lab2Legend = await legendOf("vpc-endpoints");
    expect(lab2Legend).toEqual(expect.arrayContaining(["VPC", "Public subnet", "Route table", "Internet gateway, endpoint", "S3 bucket", "Route to gateway or endpoint", "Endpoint reaches S3"]));
    expect(lab2Legend.filter((label) => label.startsWith("Peering"))).toEqual([]);
    const lab1Legend = await legendOf("vpc-peering");
    expect(lab1Legend).toContain("Peering active");
    for (const absent of ["Peering pending", "Peering failed", "S3 bucket", "Endpoint reaches S3", "Private subnet"]) expect(lab1Legend, absent).not.toContain(absent);
  });

  it("keeps the bucket in Lab 2's picture", async () => {
    const root = parse((await renderTopologySvg(bothLabsSnapshot(), { ...OPTIONS, title: "VPC Endpoints", labId: "vpc-endpoints" })).svg);
    expect(find(root, (element) => element.attributes["data-kind"] === "bucket")).toHaveLength(1);
  });

  it("writes the bucket name Do it for me gives (39 characters) whole, on two lines", async () => {
    // As suggestedBucketName makes it: the prefix, the account id and 8 hex digits.
    const name = "vpc-lab-endpoints-831379119403-a1b2c3d4";
    const snapshot = lab2Snapshot();
    snapshot.buckets = snapshot.buckets.map((bucket) => ({ ...bucket, name }));
    const root = parse((await renderTopologySvg(snapshot, { ...OPTIONS, title: "VPC Endpoints", labId: "vpc-endpoints" })).svg);
    // On two lines, split after a dash, beside its VPC (a wider box pushed it under the VPC).
    expect(texts(root)).toEqual(expect.arrayContaining(["vpc-lab-endpoints-", "831379119403-a1b2c3d4", "Bucket policy set"]));
    expect(boxOf(root, name).y).toBeLessThan(boxOf(root, LAB2.vpc).y + boxOf(root, LAB2.vpc).height);
  });
});

describe("renderTopologySvg, hostile names", () => {
  it("escapes markup, quotes and control characters in Name tags so the XML stays whole", async () => {
    const hostile = `</text><script>"x" & 'q'\u0000\u0007\uD800!`;
    const snapshot = named(lab1Snapshot(), { [LAB1.vpc1]: hostile });
    const { svg } = await renderTopologySvg(snapshot, { ...OPTIONS, title: `Lab <b>"1"</b>` });
    const root = parse(svg);
    expect(find(root, (element) => ["script", "b", "text"].includes(element.name) && element.children.length > 0)).toEqual([]);
    const [vpc] = find(root, (element) => element.attributes["data-id"] === LAB1.vpc1);
    expect(texts(vpc).join("\n")).toContain(`</text><script>"x" & 'q'\uFFFD\uFFFD\uFFFD!`);
    expect(texts(root)).toContain(`Lab <b>"1"</b>`);
  });
});
