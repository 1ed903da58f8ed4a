/**
 * The write-up's shape, as the learning platform's students publish it: a title and a one-line
 * summary, "Introducing today's project" with its four prompts, the list of steps, then one section
 * per idea of the lab, each with a short factual draft built from what happened (the step records,
 * the moments) that the student rewrites in their own words.
 */
import type { LabId } from "./steps";

/** What the drafts read: the saved step records and the run's moments, by step and kind. */
export interface DraftFacts {
  /** The step's record (saved when it completed), else the account now; absent when nothing is known. */
  summary(stepId: string): string | undefined;
  config(stepId: string): string | undefined;
  moment(kind: string): { title: string; at: Date; command?: string | null; output: string } | undefined;
  /** Whether the step is completed in this run: a draft claims only what was done. */
  completed(stepId: string): boolean;
  /** Whether Do it for me completed it (the student did not do it themselves). */
  doneForMe(stepId: string): boolean;
  /** "about 42 minutes (10:02 to 10:44 UTC)", when at least one step is completed. */
  duration?: string;
  completedSteps: number;
  totalSteps: number;
  /** How many of the completed steps Do it for me completed. */
  doneForMeSteps: number;
}

export interface SectionDefinition {
  id: string;
  heading: string;
  /** The steps the section tells about (their notes join it; the last one's diagram is its picture without a moment). */
  stepIds: string[];
  /** The moments it shows first; pinned moments join the section of the step they were pinned in. */
  momentKinds: string[];
  /** The step whose diagram is the picture when no moment is shown (default: the last of stepIds). */
  imageStepId?: string;
  draft(facts: DraftFacts): string;
}

export interface WriteupShape {
  summary: (facts: DraftFacts) => string;
  intro: SectionDefinition[];
  sections: SectionDefinition[];
}

const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;
/** A record's lines as one sentence. */
const sentence = (text: string | undefined) => (text ?? "").split("\n").map((line) => line.trim()).filter(Boolean).join("; ");
const lastLine = (output: string) => output.trim().split("\n").filter((line) => line.trim()).pop()?.trim() ?? "";
const routesVia = (config: string | undefined, target: RegExp) =>
  (config ?? "")
    .split("\n")
    .filter((line) => target.test(line))
    .map((line) => line.trim().split(/\s+/).slice(0, 2).join(" -> "));
/** An ICMP row of the step's rules table: its Type column ("All ICMP - IPv4"), or "icmp" in a record saved before 12-07. */
const ICMP_RULE_ROW = /^(?:(?:All|Custom) ICMP - IPv4|icmp)\b/;
const join = (...parts: Array<string | false | undefined>) => parts.filter(Boolean).join(" ");

function tookPrompt(facts: DraftFacts): string {
  if (!facts.duration) return "I have not completed a step yet.";
  const forMe = facts.doneForMeSteps === 0 ? "" : facts.doneForMeSteps === facts.completedSteps ? ", all with Do it for me" : `, ${facts.doneForMeSteps} of them with Do it for me`;
  return `${facts.duration}, ${facts.completedSteps} of ${facts.totalSteps} steps completed${forMe}.`;
}

/** "a, b, and c". */
const listed = (parts: readonly string[]) => new Intl.ListFormat("en", { type: "conjunction" }).format(parts);

/**
 * What the student did, from the steps completed: the whole lab's sentence once every step is done,
 * else "So far I …" with the steps done (the draft said the whole lab was done from the first step).
 */
function soFar(facts: DraftFacts, whole: string, steps: ReadonlyArray<[stepId: string, did: string]>): string {
  const done = steps.filter(([stepId]) => facts.completed(stepId)).map(([, did]) => did);
  if (done.length === steps.length) return whole;
  return done.length ? `So far I ${listed(done)}.` : "I have not completed a step yet.";
}

/** The first surprise met, else the lesson of the step that teaches it once that step is done (not before). */
function unexpectedPrompt(facts: DraftFacts, kinds: string[], fallback: { stepId: string; text: string }): string {
  const met = kinds.map((kind) => facts.moment(kind)).find(Boolean);
  if (met) return `${met.title}: ${lastLine(met.output)}`;
  return facts.completed(fallback.stepId) ? fallback.text : "Nothing has surprised me yet.";
}

const intro = (whatIs: string, howUsed: (facts: DraftFacts) => string, surprises: string[], fallback: { stepId: string; text: string }): SectionDefinition[] => [
  { id: "what-is", heading: "What is Amazon VPC?", stepIds: [], momentKinds: [], draft: () => whatIs },
  { id: "how-used", heading: "How I used Amazon VPC in this project", stepIds: [], momentKinds: [], draft: howUsed },
  { id: "unexpected", heading: "One thing I didn't expect in this project was…", stepIds: [], momentKinds: [], draft: (facts) => unexpectedPrompt(facts, surprises, fallback) },
  { id: "took", heading: "This project took me…", stepIds: [], momentKinds: [], draft: tookPrompt },
];

const VPC_IS =
  "Amazon VPC (Virtual Private Cloud) is a private network of my own inside AWS: I choose its IP range, split it into subnets, and decide with route tables, security groups and network ACLs what can reach what.";

const LAB1: WriteupShape = {
  summary: () => "Connecting two VPCs with a peering connection, and troubleshooting EC2 Instance Connect and ping on the way.",
  intro: intro(
    VPC_IS,
    (facts) =>
      join(
        soFar(facts, "I built two VPCs and joined them with a VPC peering connection, so an instance in one could reach an instance in the other over private addresses.", [
          ["vpcs", "built two VPCs"],
          ["peering", "joined them with a VPC peering connection"],
          ["routes", "routed each VPC to the other"],
          ["instances", "launched an instance in each"],
          ["connect", "connected to instance 1 with EC2 Instance Connect"],
          ["ping", "pinged instance 2 from instance 1"],
        ]),
        facts.completed("vpcs") && facts.summary("vpcs") && `(${sentence(facts.summary("vpcs"))})`,
      ),
    ["connect-refused", "ping-failed"],
    { stepId: "ping", text: "how quietly things fail: nothing tells you which hop dropped a packet." },
  ),
  sections: [
    {
      id: "multi-vpc",
      heading: "Multi-VPC architecture",
      stepIds: ["vpcs", "instances"],
      momentKinds: [],
      draft: (facts) =>
        join(
          facts.completed("vpcs") ? `I created two VPCs whose CIDR blocks do not overlap, each with a public subnet and an internet gateway: ${sentence(facts.summary("vpcs"))}.` : "I have not created the two VPCs yet.",
          facts.completed("instances") && facts.summary("instances") && `Then one instance in each: ${sentence(facts.summary("instances"))}.`,
        ),
    },
    {
      id: "vpc-peering",
      heading: "VPC peering",
      stepIds: ["peering"],
      momentKinds: [],
      draft: (facts) => join("A VPC peering connection links two VPCs privately; one VPC requests it and the other accepts.", facts.summary("peering") && `${sentence(facts.summary("peering"))}.`),
    },
    {
      id: "route-tables",
      heading: "Updating route tables",
      stepIds: ["routes"],
      momentKinds: [],
      draft: (facts) => {
        const routes = routesVia(facts.config("routes"), /pcx-/);
        return join("An active peering connection carries nothing until the route tables send traffic to it, in both directions (the reply travels back).", routes.length ? `I added ${routes.join(" and ")}.` : undefined);
      },
    },
    {
      id: "troubleshooting-instance-connect",
      heading: "Troubleshooting Instance Connect",
      stepIds: ["connect"],
      momentKinds: ["connect-refused"],
      draft: (facts) => {
        const refused = facts.moment("connect-refused");
        const connected = facts.moment("connected");
        if (!refused) {
          if (connected) return `EC2 Instance Connect opened a session at ${clock(connected.at)} on the first try.`;
          // Do it for me makes the instance reachable and runs a command on it through Run Command: no session of the student's.
          if (facts.doneForMe("connect")) return "Do it for me made instance 1 reachable for EC2 Instance Connect and ran a command on it; I have not opened a session on it myself yet.";
          return "I have not connected to instance 1 yet.";
        }
        return join(
          `At ${clock(refused.at)} EC2 Instance Connect refused to connect: "${lastLine(refused.output)}".`,
          "Instance Connect reaches the instance over the internet, so the instance needs a public IPv4 address, a security group allowing SSH from the Instance Connect range and a route to an internet gateway.",
          connected && `After the fix I connected at ${clock(connected.at)}.`,
        );
      },
    },
    {
      id: "elastic-ip",
      heading: "Elastic IP addresses",
      stepIds: ["connect"],
      momentKinds: ["connected"],
      draft: (facts) => join("An Elastic IP is a public IPv4 address that stays with my account until I release it; associated with an instance, it makes the instance reachable from the internet.", facts.summary("connect")?.startsWith("Elastic IP") && `${sentence(facts.summary("connect"))}.`),
    },
    {
      id: "troubleshooting-ping",
      heading: "Troubleshooting ping issues",
      stepIds: ["ping"],
      momentKinds: ["ping-failed", "ping-succeeded"],
      draft: (facts) => {
        const failed = facts.moment("ping-failed");
        const succeeded = facts.moment("ping-succeeded");
        const fixed = routesVia(facts.config("ping"), ICMP_RULE_ROW).length ? "I added an inbound rule to instance 2's security group allowing all ICMP from VPC 1's range." : undefined;
        return join(
          failed ? `At ${clock(failed.at)} I ran \`${failed.command}\`: ${lastLine(failed.output)}, with no error message.` : "I have not seen a ping fail.",
          failed && "The peering connection and the routes were in place; instance 2's security group allowed no ICMP from VPC 1, so the echo requests were dropped silently.",
          fixed,
          succeeded && `Pinging again at ${clock(succeeded.at)}: ${lastLine(succeeded.output)}.`,
        );
      },
    },
  ],
};

const LAB2: WriteupShape = {
  summary: () => "Reaching S3 privately from a VPC through a gateway endpoint, and locking a bucket down with bucket and endpoint policies.",
  intro: intro(
    `${VPC_IS} A VPC endpoint lets instances in it reach an AWS service such as S3 without going through the internet.`,
    (facts) =>
      join(
        soFar(facts, "I used a VPC with one public instance to reach my S3 bucket, first over the internet gateway, then through a gateway endpoint, and locked the bucket to that endpoint.", [
          ["architecture", "built a VPC with one public instance and an S3 bucket"],
          ["connect", "connected to the instance"],
          ["access-keys", "configured the CLI on it with an access key"],
          ["s3-over-internet", "reached the bucket from it over the internet gateway"],
          ["endpoint", "created a gateway endpoint for S3"],
          ["bucket-policy", "locked the bucket to that endpoint"],
          ["endpoint-route", "routed the instance's S3 traffic through the endpoint"],
          ["endpoint-policy", "restricted the endpoint policy"],
        ]),
        facts.completed("architecture") && facts.summary("architecture") && `(${sentence(facts.summary("architecture"))})`,
      ),
    ["bucket-locked", "access-denied", "endpoint-policy-deny"],
    { stepId: "endpoint-route", text: "that a gateway endpoint does nothing until a route table uses it." },
  ),
  sections: [
    {
      id: "architecture",
      heading: "Architecture set up",
      stepIds: ["architecture", "connect"],
      momentKinds: ["connect-refused", "connected"],
      draft: (facts) => {
        const refused = facts.moment("connect-refused");
        const connected = facts.moment("connected");
        return join(
          facts.completed("architecture") ? `I built ${sentence(facts.summary("architecture")) || "a VPC, an instance and an S3 bucket"}.` : "I have not finished building the VPC, the instance and the bucket yet.",
          refused && `EC2 Instance Connect first refused ("${lastLine(refused.output)}").`,
          refused && connected && `After the fix I connected at ${clock(connected.at)}.`,
        );
      },
    },
    {
      id: "access-keys",
      heading: "Access keys",
      stepIds: ["access-keys"],
      momentKinds: ["cli-no-credentials", "cli-works"],
      draft: (facts) => {
        const missing = facts.moment("cli-no-credentials");
        const works = facts.moment("cli-works");
        return join(
          missing && `On the instance, \`${missing.command}\` first answered "${lastLine(missing.output)}".`,
          works && `After aws configure, \`${works.command}\` worked.`,
          "Access keys are long-term credentials of an IAM user; aws configure stores them on the instance.",
          facts.summary("access-keys") && `${sentence(facts.summary("access-keys"))}.`,
          "Best practice: prefer an IAM role (temporary credentials), never commit keys, and deactivate keys no longer used.",
        );
      },
    },
    {
      id: "connecting-s3",
      heading: "Connecting to my S3 bucket",
      stepIds: ["s3-over-internet"],
      momentKinds: ["bucket-listed"],
      draft: (facts) => {
        const listed = facts.moment("bucket-listed");
        return listed
          ? `At ${clock(listed.at)} I ran \`${listed.command}\` on the instance and it listed the bucket's objects. The request left through the internet gateway: the route table had no endpoint route yet.`
          : "I have not listed the bucket from the instance yet.";
      },
    },
    {
      id: "uploading",
      heading: "Uploading objects",
      stepIds: [],
      momentKinds: ["object-uploaded"],
      imageStepId: "architecture",
      draft: (facts) => {
        const uploaded = facts.moment("object-uploaded");
        // Listed when step 1 was recorded: the bucket may hold more by now (and a locked bucket cannot be listed again).
        const objects = /objects: ([^)]*)\)/.exec(facts.summary("architecture") ?? "")?.[1];
        const atSetUp = objects && `When I set up the lab, the bucket held ${objects === "none" ? "no objects" : objects}.`;
        return join(atSetUp, uploaded ? `From the instance I ran \`${uploaded.command}\`: ${lastLine(uploaded.output)}.` : "I have not uploaded an object from the instance yet.");
      },
    },
    {
      id: "gateway",
      heading: "Setting up a gateway",
      stepIds: ["endpoint"],
      momentKinds: [],
      draft: (facts) => join("A gateway endpoint for S3 lets the VPC reach S3 without the internet, at no charge.", facts.summary("endpoint") && `${sentence(facts.summary("endpoint"))}.`),
    },
    {
      id: "bucket-policies",
      heading: "Bucket policies",
      stepIds: ["bucket-policy"],
      momentKinds: ["bucket-locked", "access-denied"],
      draft: (facts) => {
        const locked = facts.moment("bucket-locked");
        const denied = facts.moment("access-denied");
        return join(
          facts.completed("bucket-policy") || locked ? "I added a bucket policy denying every S3 action unless the request comes through my endpoint (aws:SourceVpce)." : "A bucket policy can deny every S3 action unless the request comes through a given endpoint (aws:SourceVpce); I have not added one yet.",
          locked && `As soon as it was saved the console was locked out: ${lastLine(locked.output)}.`,
          denied && `The instance was denied too (\`${denied.command}\`: ${lastLine(denied.output)}), because its traffic still went through the internet gateway.`,
        );
      },
    },
    {
      id: "route-table-updates",
      heading: "Route table updates",
      stepIds: ["endpoint-route"],
      momentKinds: ["endpoint-route"],
      draft: (facts) => {
        const route = facts.moment("endpoint-route");
        return join("A gateway endpoint only carries traffic for the route tables associated with it.", route ? `Associating the subnet's route table added the route ${route.output.replace(/^[^:]*: /, "")}, and the instance's requests then came through the endpoint.` : undefined);
      },
    },
    {
      id: "endpoint-policies",
      heading: "Endpoint policies",
      stepIds: ["endpoint-policy"],
      momentKinds: ["endpoint-policy-deny"],
      draft: (facts) => {
        const denied = facts.moment("endpoint-policy-deny");
        return join("An endpoint policy filters every request passing through the endpoint, whatever the bucket policy allows.", denied ? `With Effect Deny, \`${denied.command}\` on the instance answered: ${lastLine(denied.output)}.` : undefined);
      },
    },
  ],
};

export const WRITEUP_SHAPES: Record<LabId, WriteupShape> = { "vpc-peering": LAB1, "vpc-endpoints": LAB2 };

/** Every editable part's id: the summary, the intro prompts and the sections. */
export function editableSectionIds(labId: LabId): string[] {
  const shape = WRITEUP_SHAPES[labId];
  return ["summary", ...shape.intro.map((section) => section.id), ...shape.sections.map((section) => section.id)];
}

/** The section a moment belongs to: the one showing its kind, else the first telling about its step, else the last. */
export function sectionOfMoment(labId: LabId, kind: string, stepId: string): string {
  const sections = WRITEUP_SHAPES[labId].sections;
  return (sections.find((section) => section.momentKinds.includes(kind)) ?? sections.find((section) => section.stepIds.includes(stepId)) ?? sections[sections.length - 1]).id;
}
