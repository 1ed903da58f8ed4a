/**
 * DHCP option sets. Each account has a default set per Region (the Amazon DNS server and the
 * Region's internal domain) that every new VPC gets; a set can be swapped per VPC, or "default"
 * for none, and a set still associated with a VPC cannot be deleted.
 */
import { dependencyViolation, invalidParameterValue, missingParameter, missingResource } from "./errors";
import { newId } from "./ids";
import { isVisible, lookup } from "./lookup";
import { forgetTags } from "./tags";
import type { DhcpConfiguration, DhcpOptions, Ec2State } from "./types";

/** The VpcId value of a VPC with no DHCP options, and AssociateDhcpOptions' way to ask for that. */
export const NO_DHCP_OPTIONS = "default";

const KNOWN_KEYS = ["domain-name", "domain-name-servers", "ntp-servers", "netbios-name-servers", "netbios-node-type", "ipv6-address-preferred-lease-time"];
/** AWS's limit of servers per server option. */
const MAX_SERVERS = 4;

export function internalDomainName(region: string): string {
  return region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
}

function defaultConfigurations(region: string): DhcpConfiguration[] {
  return [
    { key: "domain-name", values: [internalDomainName(region)] },
    { key: "domain-name-servers", values: ["AmazonProvidedDNS"] },
  ];
}

/**
 * The account's option sets. A state stored before sets were kept has none: each set its VPCs name
 * is then the default set (that is what they were given), without writing anything.
 */
export function dhcpOptionsRecords(state: Ec2State, region: string): Record<string, DhcpOptions> {
  if (state.dhcpOptions) return state.dhcpOptions;
  const adopted: Record<string, DhcpOptions> = {};
  for (const vpc of Object.values(state.vpcs)) {
    if (vpc.dhcpOptionsId !== NO_DHCP_OPTIONS) adopted[vpc.dhcpOptionsId] ??= { id: vpc.dhcpOptionsId, configurations: defaultConfigurations(region) };
  }
  return adopted;
}

function writableRecords(state: Ec2State, region: string): Record<string, DhcpOptions> {
  if (!state.dhcpOptions) {
    state.dhcpOptions = dhcpOptionsRecords(state, region);
    state.defaultDhcpOptionsId ??= Object.keys(state.dhcpOptions)[0];
  }
  return state.dhcpOptions;
}

/** The set a new VPC gets: the account's default set, made on first use; none once it was deleted. */
export function defaultDhcpOptionsId(state: Ec2State, region: string): string {
  const records = writableRecords(state, region);
  if (state.defaultDhcpOptionsId === undefined) {
    const set: DhcpOptions = { id: newId("dopt"), configurations: defaultConfigurations(region) };
    records[set.id] = set;
    state.defaultDhcpOptionsId = set.id;
  }
  return Object.hasOwn(records, state.defaultDhcpOptionsId) ? state.defaultDhcpOptionsId : NO_DHCP_OPTIONS;
}

/** Whether a set exists (CreateTags), whatever its content. */
export function dhcpOptionsExist(state: Ec2State, id: string): boolean {
  return isVisible(dhcpOptionsRecords(state, ""), id);
}

export function getDhcpOptions(state: Ec2State, region: string, id: string): DhcpOptions {
  const records = dhcpOptionsRecords(state, region);
  if (!isVisible(records, id)) throw missingResource("dhcpOptions", id);
  return records[id];
}

function checkConfiguration(configuration: DhcpConfiguration): void {
  const { key, values } = configuration;
  if (!KNOWN_KEYS.includes(key)) throw invalidParameterValue(`Value (${key}) for parameter name is invalid. Unrecognized option`);
  if (values.length === 0) throw invalidParameterValue(`Value for parameter ${key} is missing.`);
  if (key.endsWith("-servers") && values.length > MAX_SERVERS) {
    throw invalidParameterValue(`Value (${values.join(",")}) for parameter ${key} is invalid. Expected at most ${MAX_SERVERS} values.`);
  }
  if (key === "netbios-node-type" && (values.length !== 1 || !["1", "2", "4", "8"].includes(values[0]))) {
    throw invalidParameterValue(`Value (${values.join(",")}) for parameter netbios-node-type is invalid. Valid values are 1, 2, 4, 8.`);
  }
}

export function createDhcpOptions(state: Ec2State, region: string, configurations: DhcpConfiguration[]): DhcpOptions {
  if (configurations.length === 0) throw missingParameter("dhcpConfiguration");
  configurations.forEach(checkConfiguration);
  const set: DhcpOptions = { id: newId("dopt"), configurations: configurations.map((c) => ({ key: c.key, values: [...c.values] })) };
  writableRecords(state, region)[set.id] = set;
  return set;
}

export function associateDhcpOptions(state: Ec2State, region: string, dhcpOptionsId: string, vpcId: string): void {
  const vpc = lookup(state.vpcs, "vpc", vpcId);
  if (dhcpOptionsId !== NO_DHCP_OPTIONS) getDhcpOptions(state, region, dhcpOptionsId);
  writableRecords(state, region);
  vpc.dhcpOptionsId = dhcpOptionsId;
}

export function deleteDhcpOptions(state: Ec2State, region: string, dhcpOptionsId: string): void {
  getDhcpOptions(state, region, dhcpOptionsId);
  if (Object.values(state.vpcs).some((vpc) => vpc.dhcpOptionsId === dhcpOptionsId)) throw dependencyViolation("dhcpOptions", dhcpOptionsId);
  delete writableRecords(state, region)[dhcpOptionsId];
  forgetTags(state, dhcpOptionsId);
}
