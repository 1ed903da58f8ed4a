/** DescribeInstanceAttribute, ModifyInstanceAttribute, DescribeInstanceCreditSpecifications, DescribeInstanceTypes. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { AttributeBooleanValueInput, FilterInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { defaultCpuCredits, INSTANCE_TYPES, instanceTypeSpec } from "../model/catalog";
import { invalidParameterValue, missingParameter, invalidInstanceType, unsupportedOperationFixedAttribute } from "../model/errors";
import { isInstanceAttribute, modifyInstanceAttribute, type AttributeChange, type InstanceAttributeName } from "../model/instance-attributes";
import { getInstance, getInstances } from "../model/instances";
import { visibleRecords } from "../model/lookup";
import { ROOT_DEVICE_NAME, rootVolumeId } from "../model/volumes";
import type { Ec2State, Instance } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { bool, list, requiredStr, str, struct } from "../protocol/params";

// ---------------------------------------------------------------- DescribeInstanceAttribute

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** The wire value of one attribute: `{ value }` for scalars, an empty element where the instance has none. */
function attributeValue(state: Ec2State, instance: Instance, attribute: InstanceAttributeName): unknown {
  switch (attribute) {
    case "instanceType":
      return { value: instance.instanceType };
    case "userData":
      return instance.userData === undefined ? {} : { value: instance.userData };
    case "disableApiTermination":
      return { value: instance.disableApiTermination ?? false };
    case "disableApiStop":
      return { value: instance.disableApiStop ?? false };
    case "instanceInitiatedShutdownBehavior":
      return { value: instance.shutdownBehavior ?? "stop" };
    case "rootDeviceName":
      return { value: ROOT_DEVICE_NAME };
    case "blockDeviceMapping":
      return [{ deviceName: ROOT_DEVICE_NAME, ebs: { attachTime: iso(instance.launchTime), deleteOnTermination: true, status: "attached", volumeId: rootVolumeId(instance) } }];
    case "productCodes":
      return [];
    case "sourceDestCheck":
      return { value: instance.sourceDestCheck ?? true };
    case "groupSet":
      return instance.securityGroupIds.map((groupId) => ({ groupId, groupName: state.securityGroups[groupId]?.name }));
    case "ebsOptimized":
      return { value: instance.ebsOptimized ?? false };
    case "enaSupport":
      return { value: true };
    case "enclaveOptions":
      return { enabled: false };
    case "sriovNetSupport":
    case "kernel":
    case "ramdisk":
      return {};
  }
}

function describeInstanceAttribute(params: QueryParams, _ctx: unknown, state: Ec2State) {
  const instance = getInstance(state, requiredStr(params, "InstanceId"));
  const attribute = requiredStr(params, "Attribute");
  if (!isInstanceAttribute(attribute)) throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  return { instanceId: instance.id, [attribute]: attributeValue(state, instance, attribute) };
}

// ---------------------------------------------------------------- ModifyInstanceAttribute

/** `Name.Value=...` parameters, by the attribute they change. */
const STRING_VALUE_PARAMS = { InstanceType: "instanceType", UserData: "userData", InstanceInitiatedShutdownBehavior: "instanceInitiatedShutdownBehavior" } as const;
const BOOLEAN_VALUE_PARAMS = { SourceDestCheck: "sourceDestCheck", DisableApiTermination: "disableApiTermination", DisableApiStop: "disableApiStop", EbsOptimized: "ebsOptimized" } as const;
/** Attributes of the sandbox's images and types that stay as they are (HVM, ENA, one root volume). */
const FIXED_ATTRIBUTES = { Kernel: "kernel", Ramdisk: "ramdisk", SriovNetSupport: "sriovNetSupport", EnaSupport: "enaSupport", BlockDeviceMapping: "blockDeviceMapping" } as const;

function isBooleanAttribute(name: string): name is (typeof BOOLEAN_VALUE_PARAMS)[keyof typeof BOOLEAN_VALUE_PARAMS] {
  return (Object.values(BOOLEAN_VALUE_PARAMS) as string[]).includes(name);
}

function isStringAttribute(name: string): name is (typeof STRING_VALUE_PARAMS)[keyof typeof STRING_VALUE_PARAMS] {
  return (Object.values(STRING_VALUE_PARAMS) as string[]).includes(name);
}

/** The `Attribute=name&Value=v` form. */
function changeFromAttributeParam(params: QueryParams, attribute: string): AttributeChange {
  const value = requiredStr(params, "Value");
  if (isBooleanAttribute(attribute)) return { attribute, value: bool(params, "Value")! };
  if (isStringAttribute(attribute)) return { attribute, value };
  throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
}

/** Every change the request names, in either form. */
function requestedChanges(params: QueryParams): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const attribute = str(params, "Attribute");
  if (attribute !== undefined) changes.push(changeFromAttributeParam(params, attribute));
  for (const [param, name] of Object.entries(STRING_VALUE_PARAMS)) {
    const given = struct(params, param);
    if (given) changes.push({ attribute: name, value: requiredStr(given, "Value") });
  }
  for (const [param, name] of Object.entries(BOOLEAN_VALUE_PARAMS)) {
    const given = struct(params, param);
    if (given) changes.push({ attribute: name, value: bool(given, "Value") ?? false });
  }
  const groups = list(params, "GroupId");
  if (groups.length > 0) changes.push({ attribute: "groupSet", value: groups });
  return changes;
}

function fixedAttributeNamed(params: QueryParams): string | undefined {
  return Object.entries(FIXED_ATTRIBUTES).find(([param]) => params[param] !== undefined)?.[1];
}

function modifyInstanceAttributeHandler(params: QueryParams, _ctx: unknown, state: Ec2State) {
  const instance = getInstance(state, requiredStr(params, "InstanceId"));
  const fixed = fixedAttributeNamed(params);
  if (fixed) throw unsupportedOperationFixedAttribute(fixed, instance.id);
  const changes = requestedChanges(params);
  if (changes.length === 0) throw missingParameter("attribute");
  if (changes.length > 1) throw invalidParameterValue(`Fields for multiple attribute types specified: ${changes.map((change) => change.attribute).join(", ")}`);
  modifyInstanceAttribute(state, instance, changes[0]);
  return { return: true };
}

// ---------------------------------------------------------------- credit specifications

function creditsView(instance: Instance) {
  return { instanceId: instance.id, cpuCredits: defaultCpuCredits(instance.instanceType) };
}

/**
 * Named instances report their option (a non-burstable one "standard"); without ids AWS lists the
 * burstable instances running with the unlimited option.
 */
function describeCreditSpecifications(params: QueryParams, _ctx: unknown, state: Ec2State) {
  const ids = list(params, "InstanceId");
  const chosen = ids.length > 0
    ? getInstances(state, [...new Set(ids)])
    : visibleRecords(state.instances).filter((instance) => instance.state !== "terminated" && instanceTypeSpec(instance.instanceType).burstable && defaultCpuCredits(instance.instanceType) === "unlimited");
  const filtered = applyFilters(chosen, readFilters(params), { "instance-id": (instance) => instance.id }, () => []);
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { instanceCreditSpecificationSet: page.items.map(creditsView), nextToken: page.nextToken };
}

// ---------------------------------------------------------------- instance types

function instanceTypeView(instanceType: string) {
  const spec = instanceTypeSpec(instanceType);
  const architecture = INSTANCE_TYPES[instanceType];
  return {
    instanceType,
    currentGeneration: true,
    freeTierEligible: spec.freeTierEligible,
    supportedUsageClasses: ["on-demand", "spot"],
    supportedRootDeviceTypes: ["ebs"],
    supportedVirtualizationTypes: ["hvm"],
    bareMetal: false,
    hypervisor: spec.hypervisor,
    processorInfo: { supportedArchitectures: [architecture], sustainedClockSpeedInGhz: spec.clockGhz },
    vCpuInfo: { defaultVCpus: spec.vCpus, defaultCores: spec.vCpus / spec.threadsPerCore, defaultThreadsPerCore: spec.threadsPerCore },
    memoryInfo: { sizeInMiB: spec.memoryMiB },
    instanceStorageSupported: false,
    ebsInfo: {
      ebsOptimizedSupport: spec.hypervisor === "xen" ? "unsupported" : "default",
      encryptionSupport: "supported",
      nvmeSupport: spec.hypervisor === "xen" ? "unsupported" : "required",
    },
    networkInfo: {
      networkPerformance: spec.networkPerformance,
      maximumNetworkInterfaces: spec.maxNetworkInterfaces,
      maximumNetworkCards: 1,
      defaultNetworkCardIndex: 0,
      networkCards: [{ networkCardIndex: 0, networkPerformance: spec.networkPerformance, maximumNetworkInterfaces: spec.maxNetworkInterfaces }],
      ipv4AddressesPerInterface: spec.ipv4PerInterface,
      ipv6AddressesPerInterface: spec.ipv4PerInterface,
      ipv6Supported: true,
      enaSupport: spec.hypervisor === "xen" ? "unsupported" : "required",
      efaSupported: false,
      encryptionInTransitSupported: false,
      enaSrdSupported: false,
    },
    placementGroupInfo: { supportedStrategies: spec.burstable ? ["partition", "spread"] : ["cluster", "partition", "spread"] },
    hibernationSupported: true,
    burstablePerformanceSupported: spec.burstable,
    dedicatedHostsSupported: !instanceType.startsWith("t2."),
    autoRecoverySupported: true,
    supportedBootModes: spec.hypervisor === "xen" ? ["legacy-bios"] : architecture === "arm64" ? ["uefi"] : ["legacy-bios", "uefi"],
  };
}

const INSTANCE_TYPE_FILTERS: FilterTable<string> = {
  "instance-type": (type) => type,
  "current-generation": () => true,
  "free-tier-eligible": (type) => instanceTypeSpec(type).freeTierEligible,
  "burstable-performance-supported": (type) => instanceTypeSpec(type).burstable,
  hypervisor: (type) => instanceTypeSpec(type).hypervisor,
  "processor-info.supported-architecture": (type) => INSTANCE_TYPES[type],
  "vcpu-info.default-vcpus": (type) => instanceTypeSpec(type).vCpus,
  "memory-info.size-in-mib": (type) => instanceTypeSpec(type).memoryMiB,
  "bare-metal": () => false,
  "instance-storage-supported": () => false,
};

function describeInstanceTypes(params: QueryParams) {
  const names = [...new Set(list(params, "InstanceType"))];
  const unknown = names.filter((name) => !Object.hasOwn(INSTANCE_TYPES, name));
  if (unknown.length > 0) throw invalidInstanceType(unknown);
  const chosen = names.length > 0 ? names : Object.keys(INSTANCE_TYPES);
  const filtered = applyFilters(chosen, readFilters(params), INSTANCE_TYPE_FILTERS, () => []);
  const page = paginate(filtered, params, { min: 5, max: 100 });
  return { instanceTypeSet: page.items.map(instanceTypeView), nextToken: page.nextToken };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  DescribeInstanceAttribute: {
    DryRun: boolean(),
    InstanceId: required(string()),
    Attribute: required(string()),
  },
  ModifyInstanceAttribute: {
    SourceDestCheck: AttributeBooleanValueInput,
    DisableApiStop: AttributeBooleanValueInput,
    DryRun: boolean(),
    InstanceId: required(string()),
    Attribute: string(),
    Value: string(),
    BlockDeviceMapping: listOf(structure({
      DeviceName: string(),
      Ebs: structure({
        VolumeId: string(),
        DeleteOnTermination: boolean(),
      }),
      VirtualName: string(),
      NoDevice: string(),
    })),
    DisableApiTermination: AttributeBooleanValueInput,
    InstanceType: structure({
      Value: string(),
    }),
    Kernel: structure({
      Value: string(),
    }),
    Ramdisk: structure({
      Value: string(),
    }),
    UserData: structure({
      Value: string(),
    }),
    InstanceInitiatedShutdownBehavior: structure({
      Value: string(),
    }),
    GroupId: listOf(string()),
    EbsOptimized: AttributeBooleanValueInput,
    SriovNetSupport: structure({
      Value: string(),
    }),
    EnaSupport: AttributeBooleanValueInput,
  },
  DescribeInstanceCreditSpecifications: {
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    InstanceId: listOf(string()),
    MaxResults: integer({ min: 5, max: 1000 }),
    NextToken: string(),
  },
  DescribeInstanceTypes: {
    DryRun: boolean(),
    InstanceType: listOf(string(), { maxItems: 100 }),
    Filter: listOf(FilterInput),
    MaxResults: integer({ min: 5, max: 100 }),
    NextToken: string(),
    IncludeUnsupportedInRegion: boolean(),
  },
} satisfies Record<string, InputMembers>;

export const instanceAttributeOperations: Record<string, QueryOperation<Ec2State>> = {
  DescribeInstanceAttribute: readOperation(INPUTS.DescribeInstanceAttribute, describeInstanceAttribute),
  ModifyInstanceAttribute: writeOperation(INPUTS.ModifyInstanceAttribute, modifyInstanceAttributeHandler),
  DescribeInstanceCreditSpecifications: readOperation(INPUTS.DescribeInstanceCreditSpecifications, describeCreditSpecifications),
  DescribeInstanceTypes: readOperation(INPUTS.DescribeInstanceTypes, (params) => describeInstanceTypes(params)),
};
