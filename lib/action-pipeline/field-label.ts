/**
 * A form field's name as a student reads it, from the path zod gives for a bad value:
 * `["inbound", 0, "source"]` is "Inbound rule 1, source", `["vpcId"]` is "VPC", `["cidr"]` is
 * "IPv4 CIDR". The console's forms show validation messages prefixed with it.
 */

/** Fields whose words alone would not say what the form calls them. */
const FIELD_WORDS: Record<string, string> = {
  cidr: "IPv4 CIDR",
  cidrBlock: "IPv4 CIDR",
  groupId: "security group",
  peer: "peer VPC",
};

/** Lists whose items the forms call by another name: the inbound list holds inbound rules. */
const ITEM_WORDS: Record<string, string> = {
  inbound: "inbound rule",
};

const ACRONYMS = new Set(["vpc", "cidr", "ip", "ipv4", "ipv6", "acl", "az", "id", "s3", "ssm", "iam", "arn", "icmp", "tcp", "udp"]);

/** "mapPublicIpOnLaunch" → "map public IP on launch"; an id field is named by what it identifies ("routeTableId" → "route table", "routeTableIds" → "route tables"). */
function words(key: string): string {
  if (FIELD_WORDS[key]) return FIELD_WORDS[key];
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_]+/)
    .filter(Boolean);
  if (parts.length > 1 && parts.at(-1) === "id") parts.pop();
  // A list of ids is named by what they identify: "securityGroupIds" → "security groups".
  if (parts.length > 1 && parts.at(-1) === "ids") parts.splice(-2, 2, `${parts.at(-2)}s`);
  return parts.map((part) => (ACRONYMS.has(part) ? part.toUpperCase() : part)).join(" ");
}

/** What one item of the list `key` is: "inbound rule"; a list of ids holds what they identify ("securityGroupIds" → "security group"). */
function itemWords(key: string): string {
  if (ITEM_WORDS[key]) return ITEM_WORDS[key];
  return key.endsWith("Ids") ? words(key.slice(0, -"Ids".length)) : words(key);
}

export function fieldLabel(path: readonly PropertyKey[]): string {
  const pieces: string[] = [];
  path.forEach((segment, index) => {
    if (typeof segment === "number") return;
    const key = String(segment);
    const item = path[index + 1];
    pieces.push(typeof item === "number" ? `${itemWords(key)} ${item + 1}` : words(key));
  });
  const label = pieces.join(", ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}
