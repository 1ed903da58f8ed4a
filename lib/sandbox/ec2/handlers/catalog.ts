/** DescribeImages, DescribeAvailabilityZones, DescribeRegions, DescribeKeyPairs: the fixed world. */
import { boolean, integer, listOf, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { AMAZON_IMAGES, AMAZON_OWNER_ID, availabilityZones, REGIONS, type AvailabilityZoneInfo, type ImageInfo } from "../model/catalog";
import { invalidParameterValue, missingResource, invalidKeyPairIdNotFound, invalidKeyPairNotFound } from "../model/errors";
import type { Ec2State } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { list } from "../protocol/params";

const NO_TAGS = () => [];

function imageView(image: ImageInfo) {
  return {
    imageId: image.imageId,
    imageLocation: `amazon/${image.name}`,
    imageState: "available",
    imageOwnerId: AMAZON_OWNER_ID,
    creationDate: image.creationDate,
    isPublic: true,
    architecture: image.architecture,
    imageType: "machine",
    platformDetails: "Linux/UNIX",
    usageOperation: "RunInstances",
    blockDeviceMapping: [
      { deviceName: "/dev/xvda", ebs: { deleteOnTermination: true, iops: 3000, snapshotId: `snap-${image.imageId.slice(4)}0`, volumeSize: 8, volumeType: "gp3", throughput: 125, encrypted: false } },
    ],
    description: image.description,
    enaSupport: true,
    hypervisor: "xen",
    imageOwnerAlias: "amazon",
    name: image.name,
    rootDeviceName: "/dev/xvda",
    rootDeviceType: "ebs",
    sriovNetSupport: "simple",
    virtualizationType: "hvm",
    bootMode: "uefi-preferred",
    deprecationTime: "2026-12-13T20:06:00.000Z",
    imdsSupport: "v2.0",
    freeTierEligible: image.architecture === "x86_64",
    publicSsmParameterName: image.ssmParameterName,
  };
}

const IMAGE_FILTERS: FilterTable<ImageInfo> = {
  "image-id": (image) => image.imageId,
  name: (image) => image.name,
  description: (image) => image.description,
  architecture: (image) => image.architecture,
  "owner-alias": () => "amazon",
  "owner-id": () => AMAZON_OWNER_ID,
  state: () => "available",
  "is-public": () => true,
  "image-type": () => "machine",
  "root-device-type": () => "ebs",
  "root-device-name": () => "/dev/xvda",
  "virtualization-type": () => "hvm",
  hypervisor: () => "xen",
  "ena-support": () => true,
  "platform-details": () => "Linux/UNIX",
  "block-device-mapping.volume-type": () => "gp3",
};

/** Owner.N: "amazon" or Amazon's account id select the catalog; "self" and other accounts own no images here. */
function ownedBy(owners: string[]): boolean {
  return owners.length === 0 || owners.some((owner) => owner === "amazon" || owner === AMAZON_OWNER_ID);
}

function describeImages(params: QueryParams) {
  const ids = list(params, "ImageId");
  for (const id of ids) if (!AMAZON_IMAGES.some((image) => image.imageId === id)) throw missingResource("image", id);
  const chosen = ids.length > 0 ? AMAZON_IMAGES.filter((image) => ids.includes(image.imageId)) : [...AMAZON_IMAGES];
  const owned = ownedBy(list(params, "Owner")) ? chosen : [];
  const filtered = applyFilters(owned, readFilters(params), IMAGE_FILTERS, NO_TAGS);
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { imagesSet: page.items.map(imageView), nextToken: page.nextToken };
}

function zoneView(zone: AvailabilityZoneInfo, region: string) {
  return {
    optInStatus: "opt-in-not-required",
    messageSet: [],
    regionName: region,
    zoneName: zone.zoneName,
    zoneId: zone.zoneId,
    groupName: region,
    networkBorderGroup: region,
    zoneType: "availability-zone",
    groupLongName: region,
    zoneState: "available",
  };
}

function zoneFilters(region: string): FilterTable<AvailabilityZoneInfo> {
  return {
    "zone-name": (zone) => zone.zoneName,
    "zone-id": (zone) => zone.zoneId,
    "region-name": () => region,
    state: () => "available",
    "zone-type": () => "availability-zone",
    "group-name": () => region,
    "opt-in-status": () => "opt-in-not-required",
  };
}

function describeAvailabilityZones(params: QueryParams, ctx: RequestContext) {
  const zones = availabilityZones(ctx.region);
  const names = list(params, "ZoneName");
  const ids = list(params, "ZoneId");
  for (const name of names) if (!zones.some((zone) => zone.zoneName === name)) throw invalidParameterValue(`The zone '${name}' does not exist.`);
  for (const id of ids) if (!zones.some((zone) => zone.zoneId === id)) throw invalidParameterValue(`The zone '${id}' does not exist.`);
  const chosen = names.length + ids.length === 0 ? zones : zones.filter((zone) => names.includes(zone.zoneName) || ids.includes(zone.zoneId));
  const filtered = applyFilters(chosen, readFilters(params), zoneFilters(ctx.region), NO_TAGS);
  return { availabilityZoneInfo: filtered.map((zone) => zoneView(zone, ctx.region)) };
}

const REGION_FILTERS: FilterTable<string> = {
  "region-name": (region) => region,
  endpoint: (region) => `ec2.${region}.amazonaws.com`,
  "opt-in-status": () => "opt-in-not-required",
};

function describeRegions(params: QueryParams) {
  const names = list(params, "RegionName");
  for (const name of names) if (!REGIONS.includes(name)) throw invalidParameterValue(`Invalid region: ${name}`);
  const chosen = names.length === 0 ? [...REGIONS] : REGIONS.filter((region) => names.includes(region));
  const filtered = applyFilters(chosen, readFilters(params), REGION_FILTERS, NO_TAGS);
  return { regionInfo: filtered.map((region) => ({ optInStatus: "opt-in-not-required", regionName: region, regionEndpoint: `ec2.${region}.amazonaws.com` })) };
}

/** No key pairs exist in the sandbox: EC2 Instance Connect pushes one-time keys instead. */
function describeKeyPairs(params: QueryParams) {
  const names = list(params, "KeyName");
  if (names.length > 0) throw invalidKeyPairNotFound(names[0]);
  const ids = list(params, "KeyPairId");
  if (ids.length > 0) throw invalidKeyPairIdNotFound(ids[0]);
  applyFilters([], readFilters(params), { "key-name": () => undefined, "key-pair-id": () => undefined, fingerprint: () => undefined }, NO_TAGS);
  return { keySet: [] };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  DescribeImages: {
    ExecutableBy: listOf(string()),
    ImageId: listOf(string()),
    Owner: listOf(string()),
    IncludeDeprecated: boolean(),
    IncludeDisabled: boolean(),
    MaxResults: integer(),
    NextToken: string(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
  DescribeAvailabilityZones: {
    ZoneName: listOf(string()),
    ZoneId: listOf(string()),
    AllAvailabilityZones: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
  DescribeRegions: {
    RegionName: listOf(string()),
    AllRegions: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
  DescribeKeyPairs: {
    KeyName: listOf(string()),
    KeyPairId: listOf(string()),
    IncludePublicKey: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
} satisfies Record<string, InputMembers>;

export const catalogOperations: Record<string, QueryOperation<Ec2State>> = {
  DescribeImages: readOperation(INPUTS.DescribeImages, (params) => describeImages(params)),
  DescribeAvailabilityZones: readOperation(INPUTS.DescribeAvailabilityZones, (params, ctx) => describeAvailabilityZones(params, ctx)),
  DescribeRegions: readOperation(INPUTS.DescribeRegions, (params) => describeRegions(params)),
  DescribeKeyPairs: readOperation(INPUTS.DescribeKeyPairs, (params) => describeKeyPairs(params)),
};
