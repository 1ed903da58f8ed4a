/** RunInstances (with an IAM instance profile: see iam-instance-profiles.ts), DescribeInstances, DescribeInstanceStatus, Start/Stop/TerminateInstances. */
import { boolean, integer, listOf, required, string, structure, timestamp, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { publicIpOf } from "../model/addresses";
import { findImage } from "../model/catalog";
import { associateInstanceProfile } from "../model/iam-instance-profiles";
import type { InstanceProfileRef } from "../model/types";
import { idempotentParameterMismatch, invalidParameterCombination, invalidParameterCombinationInterfacesAndGroups, invalidParameterCombinationInterfacesAndSubnet, missingParameter } from "../model/errors";
import { getInstances, runInstances, startInstances, stopInstances, terminateInstances, STATE_CODES, type LaunchRequest } from "../model/instances";
import { visibleRecords } from "../model/lookup";
import { privateDnsName } from "../model/public-ips";
import type { Ec2State, Instance } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { bool, list, requiredInt, requiredStr, str, struct, structList } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications } from "../protocol/tags";
import { withInstanceProfile } from "./iam-instance-profiles";
import { instanceStatusView, reservationsView, reservationView, stateChangeView } from "./instance-views";
import { tagsOf } from "../model/tags";
import { rootVolumeId } from "../model/volumes";

// ---------------------------------------------------------------- RunInstances

/** NetworkInterface.1 carries the subnet, groups and public-IP choice when the console or CLI use it. */
function primaryInterface(params: QueryParams) {
  const interfaces = structList(params, "NetworkInterface");
  if (interfaces.length === 0) return undefined;
  const primary = interfaces[0];
  if (str(params, "SubnetId") !== undefined && str(primary, "SubnetId") !== undefined) {
    throw invalidParameterCombinationInterfacesAndSubnet();
  }
  if (list(params, "SecurityGroupId").length > 0 && list(primary, "SecurityGroupId").length > 0) {
    throw invalidParameterCombinationInterfacesAndGroups();
  }
  return primary;
}

function readLaunchRequest(params: QueryParams): LaunchRequest {
  const primary = primaryInterface(params);
  return {
    imageId: requiredStr(params, "ImageId"),
    // AWS's default type (m1.small) is not offered in VPCs; the sandbox uses the free-tier type.
    instanceType: str(params, "InstanceType") ?? "t2.micro",
    minCount: requiredInt(params, "MinCount"),
    maxCount: requiredInt(params, "MaxCount"),
    subnetId: str(params, "SubnetId") ?? (primary && str(primary, "SubnetId")),
    availabilityZone: str(struct(params, "Placement") ?? {}, "AvailabilityZone"),
    securityGroupIds: [...list(params, "SecurityGroupId"), ...(primary ? list(primary, "SecurityGroupId") : [])],
    securityGroupNames: list(params, "SecurityGroup"),
    keyName: str(params, "KeyName"),
    privateIpAddress: str(params, "PrivateIpAddress") ?? (primary && str(primary, "PrivateIpAddress")),
    associatePublicIp: primary ? bool(primary, "AssociatePublicIpAddress") : undefined,
    clientToken: str(params, "ClientToken"),
  };
}

/** Everything that defines the request, for ClientToken idempotency. */
function fingerprintOf(params: QueryParams): string {
  const rest = Object.fromEntries(Object.entries(params).filter(([name]) => name !== "ClientToken" && name !== "DryRun"));
  return JSON.stringify(rest);
}

/** The reservation a repeated ClientToken launched, or null for a new token. */
function replayedReservation(state: Ec2State, params: QueryParams, token: string | undefined): Instance[] | null {
  if (token === undefined) return null;
  const record = state.clientTokens[token];
  if (!record) return null;
  if (record.fingerprint !== fingerprintOf(params)) {
    throw idempotentParameterMismatch();
  }
  return Object.values(state.instances).filter((instance) => instance.reservationId === record.reservationId);
}

/** `profile`: the IamInstanceProfile asked for, already resolved in IAM (see withInstanceProfile). */
function runInstancesHandler(params: QueryParams, ctx: RequestContext, state: Ec2State, profile?: InstanceProfileRef) {
  const request = readLaunchRequest(params);
  const replayed = replayedReservation(state, params, request.clientToken);
  if (replayed && replayed.length > 0) return reservationView(state, replayed, ctx);
  const tags = readTagSpecifications(params, ["instance", "network-interface", "volume"]);
  const instances = runInstances(state, request, ctx);
  for (const instance of instances) {
    applyTagSpecifications(state, tags, "instance", instance.id);
    applyTagSpecifications(state, tags, "network-interface", instance.networkInterfaceId);
    applyTagSpecifications(state, tags, "volume", rootVolumeId(instance));
    if (profile) associateInstanceProfile(state, instance.id, profile);
  }
  if (request.clientToken !== undefined) {
    state.clientTokens[request.clientToken] = { fingerprint: fingerprintOf(params), reservationId: instances[0].reservationId };
  }
  return reservationView(state, instances, ctx);
}

// ---------------------------------------------------------------- Describe

function instanceFilters(state: Ec2State, ctx: RequestContext): FilterTable<Instance> {
  return {
    "instance-id": (i) => i.id,
    "instance-state-name": (i) => i.state,
    "instance-state-code": (i) => STATE_CODES[i.state],
    "instance-type": (i) => i.instanceType,
    "image-id": (i) => i.imageId,
    "subnet-id": (i) => i.subnetId,
    "vpc-id": (i) => i.vpcId,
    "availability-zone": (i) => i.availabilityZone,
    "placement.availability-zone": (i) => i.availabilityZone,
    "private-ip-address": (i) => i.privateIpAddress,
    "network-interface.addresses.private-ip-address": (i) => i.privateIpAddress,
    "ip-address": (i) => publicIpOf(state, i),
    "private-dns-name": (i) => privateDnsName(i.privateIpAddress, ctx.region),
    "network-interface.network-interface-id": (i) => i.networkInterfaceId,
    "instance.group-id": (i) => i.securityGroupIds,
    "group-id": (i) => i.securityGroupIds,
    "instance.group-name": (i) => i.securityGroupIds.map((id) => state.securityGroups[id]?.name),
    "group-name": (i) => i.securityGroupIds.map((id) => state.securityGroups[id]?.name),
    "key-name": (i) => i.keyName,
    "reservation-id": (i) => i.reservationId,
    "launch-index": (i) => i.amiLaunchIndex,
    "client-token": (i) => i.clientToken,
    architecture: (i) => findImage(i.imageId)?.architecture,
    "owner-id": () => ctx.accountId,
  };
}

function describeInstances(params: QueryParams, ctx: RequestContext, state: Ec2State) {
  const ids = list(params, "InstanceId");
  if (ids.length > 0 && params.MaxResults !== undefined) {
    throw invalidParameterCombination("instancesSet", "maxResults");
  }
  const chosen = ids.length > 0 ? getInstances(state, [...new Set(ids)]) : visibleRecords(state.instances);
  const filtered = applyFilters(chosen, readFilters(params), instanceFilters(state, ctx), (i) => tagsOf(state, i.id));
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { reservationSet: reservationsView(state, page.items, ctx), nextToken: page.nextToken };
}

const STATUS_FILTERS: FilterTable<Instance> = {
  "availability-zone": (i) => i.availabilityZone,
  "instance-state-name": (i) => i.state,
  "instance-state-code": (i) => STATE_CODES[i.state],
  "instance-status.status": (i) => (i.state === "running" ? "ok" : "not-applicable"),
  "system-status.status": (i) => (i.state === "running" ? "ok" : "not-applicable"),
};

/** Without IncludeAllInstances, only running instances have a status (as AWS). */
function describeInstanceStatus(params: QueryParams, ctx: RequestContext, state: Ec2State) {
  const ids = list(params, "InstanceId");
  const chosen = ids.length > 0 ? getInstances(state, [...new Set(ids)]) : visibleRecords(state.instances);
  const visible = bool(params, "IncludeAllInstances") ? chosen : chosen.filter((i) => i.state === "running");
  const filtered = applyFilters(visible, readFilters(params), STATUS_FILTERS, (i) => tagsOf(state, i.id));
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { instanceStatusSet: page.items.map((i) => instanceStatusView(i, ctx)), nextToken: page.nextToken };
}

function instanceIdsOf(params: QueryParams): string[] {
  const ids = list(params, "InstanceId");
  if (ids.length === 0) throw missingParameter("InstanceId");
  return ids;
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  RunInstances: {
    BlockDeviceMapping: listOf(structure({
      Ebs: structure({
        DeleteOnTermination: boolean(),
        Iops: integer(),
        SnapshotId: string(),
        VolumeSize: integer(),
        VolumeType: string(),
        KmsKeyId: string(),
        Throughput: integer(),
        OutpostArn: string(),
        AvailabilityZone: string(),
        Encrypted: boolean(),
        VolumeInitializationRate: integer(),
        AvailabilityZoneId: string(),
        EbsCardIndex: integer(),
      }),
      NoDevice: string(),
      DeviceName: string(),
      VirtualName: string(),
    })),
    ImageId: string(),
    InstanceType: string(),
    Ipv6AddressCount: integer(),
    Ipv6Address: listOf(structure({
      Ipv6Address: string(),
      IsPrimaryIpv6: boolean(),
    })),
    KernelId: string(),
    KeyName: string(),
    MaxCount: required(integer()),
    MinCount: required(integer()),
    Monitoring: structure({
      Enabled: required(boolean()),
    }),
    Placement: structure({
      AvailabilityZoneId: string(),
      Affinity: string(),
      GroupName: string(),
      PartitionNumber: integer(),
      HostId: string(),
      Tenancy: string(),
      SpreadDomain: string(),
      HostResourceGroupArn: string(),
      GroupId: string(),
      AvailabilityZone: string(),
    }),
    RamdiskId: string(),
    SecurityGroupId: listOf(string()),
    SecurityGroup: listOf(string()),
    SubnetId: string(),
    UserData: string(),
    ElasticGpuSpecification: listOf(structure({
      Type: required(string()),
    })),
    ElasticInferenceAccelerator: listOf(structure({
      Type: required(string()),
      Count: integer({ min: 1 }),
    })),
    TagSpecification: listOf(TagSpecificationInput),
    LaunchTemplate: structure({
      LaunchTemplateId: string(),
      LaunchTemplateName: string(),
      Version: string(),
    }),
    InstanceMarketOptions: structure({
      MarketType: string(),
      SpotOptions: structure({
        MaxPrice: string(),
        SpotInstanceType: string(),
        BlockDurationMinutes: integer(),
        ValidUntil: timestamp(),
        InstanceInterruptionBehavior: string(),
      }),
    }),
    CreditSpecification: structure({
      CpuCredits: required(string()),
    }),
    CpuOptions: structure({
      CoreCount: integer(),
      ThreadsPerCore: integer(),
      AmdSevSnp: string(),
      NestedVirtualization: string(),
    }),
    CapacityReservationSpecification: structure({
      CapacityReservationPreference: string(),
      CapacityReservationTarget: structure({
        CapacityReservationId: string(),
        CapacityReservationResourceGroupArn: string(),
      }),
    }),
    HibernationOptions: structure({
      Configured: boolean(),
    }),
    LicenseSpecification: listOf(structure({
      LicenseConfigurationArn: string(),
    })),
    MetadataOptions: structure({
      HttpTokens: string(),
      HttpPutResponseHopLimit: integer(),
      HttpEndpoint: string(),
      HttpProtocolIpv6: string(),
      InstanceMetadataTags: string(),
    }),
    EnclaveOptions: structure({
      Enabled: boolean(),
    }),
    PrivateDnsNameOptions: structure({
      HostnameType: string(),
      EnableResourceNameDnsARecord: boolean(),
      EnableResourceNameDnsAAAARecord: boolean(),
    }),
    MaintenanceOptions: structure({
      AutoRecovery: string(),
    }),
    DisableApiStop: boolean(),
    EnablePrimaryIpv6: boolean(),
    NetworkPerformanceOptions: structure({
      BandwidthWeighting: string(),
    }),
    Operator: structure({
      Principal: string(),
    }),
    SecondaryInterface: listOf(structure({
      DeleteOnTermination: boolean(),
      DeviceIndex: integer(),
      PrivateIpAddress: listOf(structure({
        PrivateIpAddress: required(string()),
      })),
      PrivateIpAddressCount: integer(),
      SecondarySubnetId: string(),
      InterfaceType: string(),
      NetworkCardIndex: integer(),
    })),
    DryRun: boolean(),
    DisableApiTermination: boolean(),
    InstanceInitiatedShutdownBehavior: string(),
    PrivateIpAddress: string(),
    ClientToken: string(),
    AdditionalInfo: string(),
    NetworkInterface: listOf(structure({
      AssociatePublicIpAddress: boolean(),
      DeleteOnTermination: boolean(),
      Description: string(),
      DeviceIndex: integer(),
      SecurityGroupId: listOf(string()),
      Ipv6AddressCount: integer(),
      Ipv6Addresses: listOf(structure({
        Ipv6Address: string(),
        IsPrimaryIpv6: boolean(),
      })),
      NetworkInterfaceId: string(),
      PrivateIpAddress: string(),
      PrivateIpAddresses: listOf(structure({
        Primary: boolean(),
        PrivateIpAddress: string(),
      })),
      SecondaryPrivateIpAddressCount: integer(),
      SubnetId: string(),
      AssociateCarrierIpAddress: boolean(),
      InterfaceType: string(),
      NetworkCardIndex: integer(),
      Ipv4Prefix: listOf(structure({
        Ipv4Prefix: string(),
      })),
      Ipv4PrefixCount: integer(),
      Ipv6Prefix: listOf(structure({
        Ipv6Prefix: string(),
      })),
      Ipv6PrefixCount: integer(),
      PrimaryIpv6: boolean(),
      EnaSrdSpecification: structure({
        EnaSrdEnabled: boolean(),
        EnaSrdUdpSpecification: structure({
          EnaSrdUdpEnabled: boolean(),
        }),
      }),
      ConnectionTrackingSpecification: structure({
        TcpEstablishedTimeout: integer(),
        UdpStreamTimeout: integer(),
        UdpTimeout: integer(),
      }),
      EnaQueueCount: integer(),
    })),
    IamInstanceProfile: structure({
      Arn: string(),
      Name: string(),
    }),
    EbsOptimized: boolean(),
  },
  DescribeInstances: {
    InstanceId: listOf(string()),
    IncludeManagedResources: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    NextToken: string(),
    MaxResults: integer({ min: 5 }),
  },
  DescribeInstanceStatus: {
    InstanceId: listOf(string()),
    MaxResults: integer(),
    NextToken: string(),
    IncludeManagedResources: boolean(),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    IncludeAllInstances: boolean(),
  },
  StartInstances: {
    InstanceId: required(listOf(string())),
    AdditionalInfo: string(),
    DryRun: boolean(),
  },
  StopInstances: {
    InstanceId: required(listOf(string())),
    Hibernate: boolean(),
    SkipOsShutdown: boolean(),
    DryRun: boolean(),
    Force: boolean(),
  },
  TerminateInstances: {
    InstanceId: required(listOf(string())),
    Force: boolean(),
    SkipOsShutdown: boolean(),
    DryRun: boolean(),
  },
} satisfies Record<string, InputMembers>;

export const instanceOperations: Record<string, QueryOperation<Ec2State>> = {
  RunInstances: withInstanceProfile(INPUTS.RunInstances, runInstancesHandler),
  DescribeInstances: readOperation(INPUTS.DescribeInstances, describeInstances),
  DescribeInstanceStatus: readOperation(INPUTS.DescribeInstanceStatus, describeInstanceStatus),
  StartInstances: writeOperation(INPUTS.StartInstances, (params, ctx, state) => ({ instancesSet: startInstances(state, instanceIdsOf(params), ctx).map(stateChangeView) })),
  StopInstances: writeOperation(INPUTS.StopInstances, (params, ctx, state) => ({ instancesSet: stopInstances(state, instanceIdsOf(params), ctx).map(stateChangeView) })),
  TerminateInstances: writeOperation(INPUTS.TerminateInstances, (params, ctx, state) => ({ instancesSet: terminateInstances(state, instanceIdsOf(params), ctx).map(stateChangeView) })),
};
