/** DescribeInstanceInformation: SSM's fleet, every running sandbox instance Online. */
import { enumOf, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { ownValue } from "@/lib/sandbox/core/untrusted-input";
import type { JsonInput, JsonOperation } from "@/lib/sandbox/core/types";
import { isManaged } from "../model/fleet";
import type { FleetInstance, SsmState } from "../model/types";
import { optionalInteger, optionalString, page, requiredString, stringList, structList, validationError } from "../protocol/input";
import { epochSeconds } from "./views";
import { invalidFilter, invalidInstanceInformationFilterValue } from "@/lib/sandbox/ssm/model/errors";

/** The agent Amazon Linux 2023 AMIs ship with. */
export const AGENT_VERSION = "3.3.1142.0";

type PingStatus = "Online" | "ConnectionLost";

interface FleetEntry {
  instanceId: string;
  instance: FleetInstance;
  pingStatus: PingStatus;
}

/** Managed instances answer pings; stopped ones stay listed with their connection lost. */
function fleetEntries(state: SsmState, now: number): FleetEntry[] {
  return Object.entries(state.fleet).flatMap(([instanceId, instance]): FleetEntry[] => {
    if (isManaged(instance, now)) return [{ instanceId, instance, pingStatus: "Online" }];
    if (instance.state === "stopped" || instance.state === "stopping") return [{ instanceId, instance, pingStatus: "ConnectionLost" }];
    return [];
  });
}

function entryView(entry: FleetEntry, now: number) {
  const { instance } = entry;
  return {
    InstanceId: entry.instanceId,
    PingStatus: entry.pingStatus,
    LastPingDateTime: epochSeconds(entry.pingStatus === "Online" ? now : instance.launchedAt),
    AgentVersion: AGENT_VERSION,
    IsLatestVersion: false,
    PlatformType: "Linux",
    PlatformName: "Amazon Linux",
    PlatformVersion: "2023",
    ResourceType: "EC2Instance",
    IPAddress: instance.privateIp,
    ComputerName: instance.computerName,
    SourceId: entry.instanceId,
    SourceType: "AWS::EC2::Instance",
  };
}

const FILTER_FIELDS: Record<string, (entry: FleetEntry) => string[]> = {
  InstanceIds: (entry) => [entry.instanceId],
  PingStatus: (entry) => [entry.pingStatus],
  PlatformTypes: () => ["Linux"],
  ResourceType: () => ["EC2Instance"],
  AgentVersion: () => [AGENT_VERSION],
};

function fieldOf(key: string): (entry: FleetEntry) => string[] {
  if (key.startsWith("tag:")) {
    const tagKey = key.slice(4);
    return (entry) => (Object.hasOwn(entry.instance.tags, tagKey) ? [entry.instance.tags[tagKey]] : []);
  }
  if (key === "tag-key") return (entry) => Object.keys(entry.instance.tags);
  const field = ownValue(FILTER_FIELDS, key);
  if (!field) throw invalidInstanceInformationFilterValue(key);
  return field;
}

/** InstanceInformationFilterKey, the legacy list's enum: another key fails SSM's input validation. */
const LEGACY_FILTER_KEYS = ["InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus"];

function legacyFilterKey(filter: JsonInput, position: number): string {
  const key = requiredString(filter, "key");
  if (!LEGACY_FILTER_KEYS.includes(key)) {
    throw validationError(`instanceInformationFilterList.${position}.member.key`, key, `Member must satisfy enum value set: [${LEGACY_FILTER_KEYS.join(", ")}]`);
  }
  return key;
}

/** Both filter styles: InstanceInformationFilterList (key/valueSet) and Filters (Key/Values). */
function readFilters(input: JsonInput): ((entry: FleetEntry) => boolean)[] {
  const legacy = structList(input, "InstanceInformationFilterList").map((filter, index) => ({ key: legacyFilterKey(filter, index + 1), values: stringList(filter, "valueSet") }));
  const current = structList(input, "Filters").map((filter) => ({ key: requiredString(filter, "Key"), values: stringList(filter, "Values") }));
  if (legacy.length > 0 && current.length > 0) {
    throw invalidFilter();
  }
  return [...legacy, ...current].map(({ key, values }) => {
    const field = fieldOf(key);
    return (entry) => field(entry).some((value) => values.includes(value));
  });
}

/** What each operation accepts (botocore's ssm model); checked before the handler runs (core/json-inputs.ts). */
const INPUTS = {
  DescribeInstanceInformation: {
    InstanceInformationFilterList: listOf(structure({
      key: required(enumOf(["InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus"])),
      valueSet: required(listOf(string({ minLength: 1 }), { minItems: 1, maxItems: 100 })),
    })),
    Filters: listOf(structure({
      Key: required(string({ minLength: 1 })),
      Values: required(listOf(string({ minLength: 1 }), { minItems: 1, maxItems: 100 })),
    })),
    MaxResults: integer({ min: 5, max: 50 }),
    NextToken: string(),
  },
} satisfies Record<string, InputMembers>;

export const instanceOperations: Record<string, JsonOperation<SsmState>> = {
  DescribeInstanceInformation: {
    mutates: false,
    input: INPUTS.DescribeInstanceInformation,
    run(input, ctx, state) {
      const maxResults = optionalInteger(input, "MaxResults", 5, 50) ?? 50;
      const filters = readFilters(input);
      const entries = fleetEntries(state, ctx.now).filter((entry) => filters.every((matches) => matches(entry)));
      const chosen = page(entries, maxResults, optionalString(input, "NextToken"));
      return { InstanceInformationList: chosen.items.map((entry) => entryView(entry, ctx.now)), NextToken: chosen.nextToken };
    },
  },
};
