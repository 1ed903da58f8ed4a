/** The wire shapes of instances: Reservation, Instance, its network interface, status and state changes. */
import type { RequestContext } from "@/lib/sandbox/core/types";
import { elasticIpOf, publicIpOf } from "../model/addresses";
import { availabilityZones, findImage } from "../model/catalog";
import { associationOfInstance } from "../model/iam-instance-profiles";
import { STATE_CODES, type StateChange } from "../model/instances";
import { privateDnsName, publicDnsName } from "../model/public-ips";
import type { Ec2State, Instance, InstanceStateName } from "../model/types";
import { rootVolumeId } from "../model/volumes";
import { tagSet } from "../protocol/tags";

function iso(time: number): string {
  return new Date(time).toISOString();
}

export function stateView(name: InstanceStateName) {
  return { code: STATE_CODES[name], name };
}

function zoneIdOf(ctx: RequestContext, zoneName: string): string | undefined {
  return availabilityZones(ctx.region).find((zone) => zone.zoneName === zoneName)?.zoneId;
}

function groupSetOf(state: Ec2State, instance: Instance) {
  return instance.securityGroupIds.map((groupId) => ({ groupId, groupName: state.securityGroups[groupId]?.name }));
}

/** The public side of the interface: an Elastic IP is owned by the account, an auto-assigned one by "amazon". */
function associationView(state: Ec2State, instance: Instance, ctx: RequestContext) {
  const publicIp = publicIpOf(state, instance);
  if (!publicIp) return undefined;
  return { ipOwnerId: elasticIpOf(state, instance) ? ctx.accountId : "amazon", publicDnsName: publicDnsName(publicIp, ctx.region), publicIp };
}

export function networkInterfaceView(state: Ec2State, instance: Instance, ctx: RequestContext) {
  const association = associationView(state, instance, ctx);
  const dnsName = privateDnsName(instance.privateIpAddress, ctx.region);
  return {
    association,
    attachment: {
      attachTime: iso(instance.launchTime),
      attachmentId: instance.attachmentId,
      deleteOnTermination: true,
      deviceIndex: 0,
      status: "attached",
      networkCardIndex: 0,
    },
    description: "",
    groupSet: groupSetOf(state, instance),
    ipv6AddressesSet: [],
    macAddress: instance.macAddress,
    networkInterfaceId: instance.networkInterfaceId,
    ownerId: ctx.accountId,
    privateDnsName: dnsName,
    privateIpAddress: instance.privateIpAddress,
    privateIpAddressesSet: [{ association, primary: true, privateDnsName: dnsName, privateIpAddress: instance.privateIpAddress }],
    sourceDestCheck: instance.sourceDestCheck ?? true,
    status: "in-use",
    subnetId: instance.subnetId,
    vpcId: instance.vpcId,
    interfaceType: "interface",
  };
}

/** A terminated instance has lost its interface and addresses, as in AWS. */
export function instanceView(state: Ec2State, instance: Instance, ctx: RequestContext) {
  const terminated = instance.state === "terminated";
  const publicIp = terminated ? undefined : publicIpOf(state, instance);
  return {
    instanceId: instance.id,
    imageId: instance.imageId,
    instanceState: stateView(instance.state),
    privateDnsName: terminated ? "" : privateDnsName(instance.privateIpAddress, ctx.region),
    dnsName: publicIp ? publicDnsName(publicIp, ctx.region) : "",
    reason: instance.stateTransitionReason,
    keyName: instance.keyName,
    amiLaunchIndex: instance.amiLaunchIndex,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime: iso(instance.launchTime),
    placement: { availabilityZoneId: zoneIdOf(ctx, instance.availabilityZone), groupName: "", tenancy: "default", availabilityZone: instance.availabilityZone },
    monitoring: { state: "disabled" },
    iamInstanceProfile: associationOfInstance(state, instance)?.iamInstanceProfile,
    subnetId: terminated ? undefined : instance.subnetId,
    vpcId: terminated ? undefined : instance.vpcId,
    privateIpAddress: terminated ? undefined : instance.privateIpAddress,
    ipAddress: publicIp,
    sourceDestCheck: terminated ? undefined : (instance.sourceDestCheck ?? true),
    groupSet: terminated ? [] : groupSetOf(state, instance),
    stateReason: instance.stateReason,
    architecture: findImage(instance.imageId)?.architecture,
    rootDeviceType: "ebs",
    rootDeviceName: "/dev/xvda",
    blockDeviceMapping: terminated
      ? []
      : [{ deviceName: "/dev/xvda", ebs: { attachTime: iso(instance.launchTime), deleteOnTermination: true, status: "attached", volumeId: rootVolumeId(instance) } }],
    virtualizationType: "hvm",
    clientToken: instance.clientToken ?? "",
    tagSet: tagSet(state, instance.id),
    hypervisor: "xen",
    networkInterfaceSet: terminated ? [] : [networkInterfaceView(state, instance, ctx)],
    ebsOptimized: instance.ebsOptimized ?? false,
    enaSupport: true,
    cpuOptions: { coreCount: 1, threadsPerCore: instance.instanceType.startsWith("t2.") ? 1 : 2 },
    capacityReservationSpecification: { capacityReservationPreference: "open" },
    hibernationOptions: { configured: false },
    metadataOptions: { state: "applied", httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled", httpProtocolIpv6: "disabled", instanceMetadataTags: "disabled" },
    enclaveOptions: { enabled: false },
    bootMode: "uefi-preferred",
    platformDetails: "Linux/UNIX",
    usageOperation: "RunInstances",
    usageOperationUpdateTime: iso(instance.launchTime),
    privateDnsNameOptions: { hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
    maintenanceOptions: { autoRecovery: "default" },
    currentInstanceBootMode: "legacy-bios",
  };
}

export function reservationView(state: Ec2State, instances: Instance[], ctx: RequestContext) {
  return {
    reservationId: instances[0].reservationId,
    ownerId: ctx.accountId,
    groupSet: [],
    instancesSet: instances.map((instance) => instanceView(state, instance, ctx)),
  };
}

/** Consecutive instances of one reservation form one Reservation (DescribeInstances keeps launch order). */
export function reservationsView(state: Ec2State, instances: Instance[], ctx: RequestContext) {
  const groups = new Map<string, Instance[]>();
  for (const instance of instances) {
    const group = groups.get(instance.reservationId);
    if (group) group.push(instance);
    else groups.set(instance.reservationId, [instance]);
  }
  return [...groups.values()].map((group) => reservationView(state, group, ctx));
}

function statusSummary(instance: Instance, checkName: string) {
  if (instance.state !== "running") return { status: "not-applicable" };
  return { details: [{ name: checkName, status: "passed" }], status: "ok" };
}

export function instanceStatusView(instance: Instance, ctx: RequestContext) {
  return {
    availabilityZone: instance.availabilityZone,
    availabilityZoneId: zoneIdOf(ctx, instance.availabilityZone),
    eventsSet: [],
    instanceId: instance.id,
    instanceState: stateView(instance.state),
    instanceStatus: statusSummary(instance, "reachability"),
    systemStatus: statusSummary(instance, "reachability"),
    attachedEbsStatus: statusSummary(instance, "reachability"),
  };
}

export function stateChangeView(change: StateChange) {
  return { instanceId: change.instanceId, currentState: stateView(change.current), previousState: stateView(change.previous) };
}
