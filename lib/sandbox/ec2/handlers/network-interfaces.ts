/** DescribeNetworkInterfaces and DescribeVolumes: each instance's primary interface and root volume. */
import { boolean, integer, listOf, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { elasticIpOf, publicIpOf } from "../model/addresses";
import { isWellFormedId, missingResource, type IdKindName } from "../model/errors";
import { privateDnsName } from "../model/public-ips";
import { tagsOf } from "../model/tags";
import type { Ec2State, Instance } from "../model/types";
import { instancesWithVolumes, ROOT_DEVICE_NAME, ROOT_VOLUME_SIZE_GIB, rootVolumeId } from "../model/volumes";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { list } from "../protocol/params";
import { tagSet, tagSetAlways } from "../protocol/tags";
import { networkInterfaceView } from "./instance-views";

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** The instances named by id (each must exist, or AWS's NotFound for the first that does not), or all. */
function chosenInstances(state: Ec2State, ids: string[], kind: IdKindName, idOf: (instance: Instance) => string): Instance[] {
  const all = instancesWithVolumes(state);
  if (ids.length === 0) return all;
  return [...new Set(ids)].map((id) => {
    const instance = isWellFormedId(kind, id) ? all.find((candidate) => idOf(candidate) === id) : undefined;
    if (!instance) throw missingResource(kind, id);
    return instance;
  });
}

// ---------------------------------------------------------------- network interfaces

function interfaceView(state: Ec2State, instance: Instance, ctx: RequestContext) {
  const embedded = networkInterfaceView(state, instance, ctx);
  const elasticIp = elasticIpOf(state, instance);
  return {
    ...embedded,
    association: embedded.association && { ...embedded.association, allocationId: elasticIp?.allocationId, associationId: elasticIp?.associationId },
    attachment: { ...embedded.attachment, instanceId: instance.id, instanceOwnerId: ctx.accountId },
    availabilityZone: instance.availabilityZone,
    requesterManaged: false,
    tagSet: tagSetAlways(state, instance.networkInterfaceId),
    denyAllIgwTraffic: false,
    ipv6Native: false,
  };
}

function interfaceFilters(state: Ec2State, ctx: RequestContext): FilterTable<Instance> {
  return {
    "network-interface-id": (i) => i.networkInterfaceId,
    "attachment.instance-id": (i) => i.id,
    "attachment.instance-owner-id": () => ctx.accountId,
    "attachment.attachment-id": (i) => i.attachmentId,
    "attachment.device-index": () => 0,
    "attachment.status": () => "attached",
    "attachment.delete-on-termination": () => true,
    "association.public-ip": (i) => publicIpOf(state, i),
    "association.allocation-id": (i) => elasticIpOf(state, i)?.allocationId,
    "availability-zone": (i) => i.availabilityZone,
    "addresses.private-ip-address": (i) => i.privateIpAddress,
    "private-ip-address": (i) => i.privateIpAddress,
    "private-dns-name": (i) => privateDnsName(i.privateIpAddress, ctx.region),
    "group-id": (i) => i.securityGroupIds,
    "group-name": (i) => i.securityGroupIds.map((id) => state.securityGroups[id]?.name),
    "interface-type": () => "interface",
    "mac-address": (i) => i.macAddress,
    "owner-id": () => ctx.accountId,
    "requester-managed": () => false,
    "source-dest-check": (i) => i.sourceDestCheck ?? true,
    status: () => "in-use",
    "subnet-id": (i) => i.subnetId,
    "vpc-id": (i) => i.vpcId,
    description: () => "",
  };
}

function describeNetworkInterfaces(params: QueryParams, ctx: RequestContext, state: Ec2State) {
  const chosen = chosenInstances(state, list(params, "NetworkInterfaceId"), "networkInterface", (i) => i.networkInterfaceId);
  const filtered = applyFilters(chosen, readFilters(params), interfaceFilters(state, ctx), (i) => tagsOf(state, i.networkInterfaceId));
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { networkInterfaceSet: page.items.map((instance) => interfaceView(state, instance, ctx)), nextToken: page.nextToken };
}

// ---------------------------------------------------------------- volumes

/** The image's root snapshot, as DescribeImages names it. */
function snapshotIdOf(instance: Instance): string {
  return `snap-${instance.imageId.slice(4)}0`;
}

function volumeView(state: Ec2State, instance: Instance) {
  const volumeId = rootVolumeId(instance);
  return {
    attachmentSet: [{ attachTime: iso(instance.launchTime), device: ROOT_DEVICE_NAME, instanceId: instance.id, status: "attached", volumeId, deleteOnTermination: true }],
    availabilityZone: instance.availabilityZone,
    createTime: iso(instance.launchTime),
    encrypted: false,
    size: ROOT_VOLUME_SIZE_GIB,
    snapshotId: snapshotIdOf(instance),
    status: "in-use",
    volumeId,
    iops: 3000,
    tagSet: tagSet(state, volumeId),
    volumeType: "gp3",
    multiAttachEnabled: false,
    throughput: 125,
  };
}

const VOLUME_FILTERS: FilterTable<Instance> = {
  "volume-id": (i) => rootVolumeId(i),
  "attachment.instance-id": (i) => i.id,
  "attachment.device": () => ROOT_DEVICE_NAME,
  "attachment.status": () => "attached",
  "attachment.delete-on-termination": () => true,
  "availability-zone": (i) => i.availabilityZone,
  "create-time": (i) => iso(i.launchTime),
  encrypted: () => false,
  "multi-attach-enabled": () => false,
  size: () => ROOT_VOLUME_SIZE_GIB,
  "snapshot-id": (i) => snapshotIdOf(i),
  status: () => "in-use",
  "volume-type": () => "gp3",
};

function describeVolumes(params: QueryParams, _ctx: RequestContext, state: Ec2State) {
  const chosen = chosenInstances(state, list(params, "VolumeId"), "volume", rootVolumeId);
  const filtered = applyFilters(chosen, readFilters(params), VOLUME_FILTERS, (i) => tagsOf(state, rootVolumeId(i)));
  const page = paginate(filtered, params, { min: 5, max: 500 });
  return { volumeSet: page.items.map((instance) => volumeView(state, instance)), nextToken: page.nextToken };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  DescribeNetworkInterfaces: {
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    IncludeManagedResources: boolean(),
    DryRun: boolean(),
    NetworkInterfaceId: listOf(string()),
    Filter: listOf(FilterInput),
  },
  DescribeVolumes: {
    VolumeId: listOf(string()),
    IncludeManagedResources: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    NextToken: string(),
    MaxResults: integer(),
  },
} satisfies Record<string, InputMembers>;

export const networkInterfaceOperations: Record<string, QueryOperation<Ec2State>> = {
  DescribeNetworkInterfaces: readOperation(INPUTS.DescribeNetworkInterfaces, describeNetworkInterfaces),
  DescribeVolumes: readOperation(INPUTS.DescribeVolumes, describeVolumes),
};
