/**
 * The Break it catalogue: faults a person could make in a completed lab, each one small change
 * through the same AWS calls the console and the CLI make, with the symptom the student is shown,
 * the test it breaks and the hop the analysis should name. See docs/break-it.md.
 */
import {
  CreateNetworkAclEntryCommand,
  DeleteRouteCommand,
  DisassociateAddressCommand,
  type IpPermission,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import type { ComponentType, LabSnapshot } from "@/lib/analysis";
import { blockContains, ipv4ToInt, parseIpv4Cidr } from "@/lib/cidr";
import type { AwsClients } from "@/lib/aws/clients";
import type { LabFaultChange } from "@/lib/db/schema";
import { routeToward } from "@/lib/labs/lab1/checks";
import { lab1Resources } from "@/lib/labs/lab1/resources";
import { DENY_ALL_ENDPOINT_POLICY } from "@/lib/labs/lab2/do-it";
import { denyUnlessThroughEndpoint } from "@/lib/labs/lab2/policies";
import { lab2Bucket, lab2Endpoint, lab2Side } from "@/lib/labs/lab2/resources";
import { runShellOnInstance, shellQuote } from "@/lib/labs/shell-on-instance";
import type { LabId } from "@/lib/labs/steps";
import type { LabTestId } from "./lab-tests";

export type FaultId =
  | "peering-route-removed"
  | "icmp-rule-deleted"
  | "elastic-ip-disassociated"
  | "nacl-denies-peer"
  | "instance-2-stopped"
  | "endpoint-policy-deny"
  | "endpoint-route-table-dropped"
  | "bucket-policy-wrong-vpce";

export interface Fault {
  id: FaultId;
  labId: LabId;
  /** For the instructor: what the fault does (the student is not told). */
  title: string;
  /** What the student sees. */
  symptom: string;
  test: LabTestId;
  /** The kind of hop the analysis names once the fault is in. */
  hopType: ComponentType;
  /** Makes the change on the lab as it is now; throws FaultNotApplicable when the lab lacks what it breaks. */
  apply(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange>;
}

/** The lab lacks what the fault would break (e.g. no Elastic IP to disassociate). */
export class FaultNotApplicableError extends Error {
  readonly code = "FaultNotApplicable";
}

const PING_SYMPTOM = "Something broke: ping from instance 1 to instance 2 fails (100% packet loss).";

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new FaultNotApplicableError(`The lab has no ${what} to break.`);
  return value;
}

function changed(summary: string, componentType: ComponentType, componentId: string, ids: string[] = [componentId]): LabFaultChange {
  return { summary, ids, expectedHop: { componentType, componentId } };
}

// ---------------------------------------------------------------- Lab 1

async function removePeeringRoute(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const { side1, side2 } = lab1Resources(snapshot);
  const table = need(side2.routeTable?.RouteTableId, "route table for VPC 2");
  const route = need(routeToward(side2, need(side1.vpc?.CidrBlock, "VPC 1")), `route in ${table} back to VPC 1`);
  await clients.ec2.send(new DeleteRouteCommand({ RouteTableId: table, DestinationCidrBlock: route.DestinationCidrBlock }));
  return changed(`Deleted the route ${route.DestinationCidrBlock} -> ${route.VpcPeeringConnectionId} from VPC 2's route table ${table}: the replies have no way back.`, "route-table", table);
}

function admits(permission: IpPermission, address: number): boolean {
  if (permission.IpProtocol !== "icmp" && permission.IpProtocol !== "-1") return false;
  return (permission.IpRanges ?? []).some((range) => range.CidrIp !== undefined && blockContains(parseIpv4Cidr(range.CidrIp), address));
}

async function deleteIcmpRule(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const { side1, side2 } = lab1Resources(snapshot);
  const group = need(side2.securityGroup?.GroupId, "security group on instance 2");
  const from = ipv4ToInt(need(side1.instance?.PrivateIpAddress, "instance 1"));
  const rules = (side2.securityGroup?.IpPermissions ?? []).filter((permission) => admits(permission, from));
  if (!rules.length) throw new FaultNotApplicableError(`Security group ${group} has no rule letting ICMP in from instance 1.`);
  const IpPermissions = rules.map(({ IpProtocol, FromPort, ToPort, IpRanges }) => ({ IpProtocol, FromPort, ToPort, IpRanges: IpRanges?.map(({ CidrIp }) => ({ CidrIp })) }));
  await clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: group, IpPermissions }));
  const words = rules.map((rule) => `${rule.IpProtocol === "-1" ? "all traffic" : "ICMP"} from ${rule.IpRanges?.map((range) => range.CidrIp).join(", ")}`).join("; ");
  return changed(`Deleted the inbound rule (${words}) from instance 2's security group ${group}.`, "security-group", group);
}

async function disassociateElasticIp(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const { side1 } = lab1Resources(snapshot);
  const instance = need(side1.instance?.InstanceId, "instance 1");
  const gateway = need(side1.internetGateway?.InternetGatewayId, "internet gateway on VPC 1");
  const address = need(
    snapshot.addresses.find((candidate) => candidate.InstanceId === instance && candidate.AssociationId),
    `Elastic IP on ${instance}`,
  );
  await clients.ec2.send(new DisassociateAddressCommand({ AssociationId: address.AssociationId }));
  // Instance Connect's packet comes in through the internet gateway, which has no public address to translate.
  return changed(`Disassociated Elastic IP ${address.PublicIp} (${address.AllocationId}) from instance 1 ${instance}: it has no public IPv4 address.`, "internet-gateway", gateway, [instance, address.AllocationId!]);
}

/** The network ACL of the subnet (its explicit association, else the VPC's default). */
function aclOfSubnet(snapshot: LabSnapshot, vpcId: string, subnetId: string) {
  const inVpc = snapshot.networkAcls.filter((acl) => acl.VpcId === vpcId);
  return inVpc.find((acl) => acl.Associations?.some((association) => association.SubnetId === subnetId)) ?? inVpc.find((acl) => acl.IsDefault);
}

async function denyPeerInNacl(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const { side1, side2 } = lab1Resources(snapshot);
  const peerCidr = need(side1.vpc?.CidrBlock, "VPC 1");
  const acl = need(aclOfSubnet(snapshot, need(side2.vpc?.VpcId, "VPC 2"), need(side2.subnet?.SubnetId, "subnet in VPC 2")), "network ACL on VPC 2's subnet");
  const inbound = (acl.Entries ?? []).filter((entry) => !entry.Egress && entry.RuleNumber !== 32767).map((entry) => entry.RuleNumber!);
  // Rules are evaluated lowest number first: the deny must come before the ACL's allows.
  const ruleNumber = Math.min(100, ...inbound) - 1;
  if (ruleNumber < 1) throw new FaultNotApplicableError(`Network ACL ${acl.NetworkAclId} has no rule number free below its first rule.`);
  await clients.ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl.NetworkAclId, RuleNumber: ruleNumber, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: peerCidr }));
  return changed(`Added inbound rule ${ruleNumber} to network ACL ${acl.NetworkAclId} of VPC 2's subnet: DENY all traffic from ${peerCidr} (VPC 1).`, "network-acl", acl.NetworkAclId!);
}

async function stopInstance2(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const instance = need(lab1Resources(snapshot).side2.instance, "instance 2");
  if (instance.State?.Name !== "running") throw new FaultNotApplicableError(`Instance 2 ${instance.InstanceId} is ${instance.State?.Name}, not running.`);
  await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
  return changed(`Stopped instance 2 ${instance.InstanceId}.`, "instance", instance.InstanceId!);
}

// ---------------------------------------------------------------- Lab 2

const S3_SYMPTOM = "Something broke: aws s3 ls s3://YOUR-BUCKET on the instance fails.";

async function denyInEndpointPolicy(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const endpoint = need(lab2Endpoint(snapshot)?.VpcEndpointId, "gateway endpoint");
  await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint, PolicyDocument: DENY_ALL_ENDPOINT_POLICY }));
  return changed(`Set the policy of endpoint ${endpoint} to Effect Deny for every action.`, "vpc-endpoint", endpoint);
}

async function dropEndpointRouteTable(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const endpoint = need(lab2Endpoint(snapshot), "gateway endpoint");
  const table = need(lab2Side(snapshot).routeTable?.RouteTableId, "route table on the instance's subnet");
  if (!endpoint.RouteTableIds?.includes(table)) throw new FaultNotApplicableError(`Endpoint ${endpoint.VpcEndpointId} is not in route table ${table}.`);
  await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.VpcEndpointId, RemoveRouteTableIds: [table] }));
  // The requests now leave through the internet gateway, without aws:SourceVpce: the bucket policy denies them.
  const bucket = need(lab2Bucket(snapshot)?.name, "bucket");
  return changed(`Removed route table ${table} from endpoint ${endpoint.VpcEndpointId}: S3 traffic goes over the internet again.`, "s3-bucket", bucket, [endpoint.VpcEndpointId!, table]);
}

/** An endpoint id one hex digit away from the real one: what a typo or a stale copy looks like. */
export function neighbourEndpointId(id: string): string {
  const last = id.at(-1) ?? "0";
  return `${id.slice(0, -1)}${((parseInt(last, 16) + 1) % 16).toString(16)}`;
}

/**
 * Puts a bucket policy as the owner would. The console's IAM identity is denied by Lab 2's policy
 * outside the endpoint; the account's root user never is (S3's lock-out safeguard), and on a real
 * account the instance, inside the endpoint, can.
 */
export async function putBucketPolicyAsOwner(clients: AwsClients, bucket: string, policy: string, viaInstanceId: string | undefined): Promise<void> {
  const put = new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy });
  if (clients.accountRootS3) return void (await (await clients.accountRootS3()).send(put));
  try {
    await clients.s3.send(put);
  } catch (error) {
    if ((error as Error).name !== "AccessDenied" || !viaInstanceId) throw error;
    const shell = await runShellOnInstance(clients.ssm, viaInstanceId, [`aws s3api put-bucket-policy --bucket ${shellQuote(bucket)} --policy ${shellQuote(policy)}`]);
    if (shell.exitCode !== 0) throw Object.assign(new Error(`${(error as Error).message} (from ${viaInstanceId}: ${(shell.stderr || shell.stdout).trim()})`), { name: "AccessDenied" });
  }
}

async function wrongVpceInBucketPolicy(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFaultChange> {
  const bucket = need(lab2Bucket(snapshot)?.name, "bucket");
  const endpoint = need(lab2Endpoint(snapshot)?.VpcEndpointId, "gateway endpoint");
  const wrong = neighbourEndpointId(endpoint);
  await putBucketPolicyAsOwner(clients, bucket, denyUnlessThroughEndpoint(bucket, wrong), lab2Side(snapshot).instance?.InstanceId);
  return changed(`Replaced the bucket policy of ${bucket}: it now denies every request unless aws:SourceVpce is ${wrong}, not the lab's ${endpoint}.`, "s3-bucket", bucket);
}

export const FAULTS: readonly Fault[] = [
  { id: "peering-route-removed", labId: "vpc-peering", title: "Remove the peering route on VPC 2's side", symptom: PING_SYMPTOM, test: "ping", hopType: "route-table", apply: removePeeringRoute },
  { id: "icmp-rule-deleted", labId: "vpc-peering", title: "Delete the ICMP rule of instance 2's security group", symptom: PING_SYMPTOM, test: "ping", hopType: "security-group", apply: deleteIcmpRule },
  {
    id: "elastic-ip-disassociated",
    labId: "vpc-peering",
    title: "Disassociate instance 1's Elastic IP",
    symptom: "Something broke: EC2 Instance Connect to instance 1 is refused.",
    test: "connect",
    hopType: "internet-gateway",
    apply: disassociateElasticIp,
  },
  { id: "nacl-denies-peer", labId: "vpc-peering", title: "Deny VPC 1's CIDR in VPC 2's network ACL", symptom: PING_SYMPTOM, test: "ping", hopType: "network-acl", apply: denyPeerInNacl },
  { id: "instance-2-stopped", labId: "vpc-peering", title: "Stop instance 2", symptom: PING_SYMPTOM, test: "ping", hopType: "instance", apply: stopInstance2 },
  { id: "endpoint-policy-deny", labId: "vpc-endpoints", title: "Set the endpoint policy to Deny", symptom: S3_SYMPTOM, test: "s3", hopType: "vpc-endpoint", apply: denyInEndpointPolicy },
  {
    id: "endpoint-route-table-dropped",
    labId: "vpc-endpoints",
    title: "Remove the subnet's route table from the endpoint",
    symptom: S3_SYMPTOM,
    test: "s3",
    hopType: "s3-bucket",
    apply: dropEndpointRouteTable,
  },
  {
    id: "bucket-policy-wrong-vpce",
    labId: "vpc-endpoints",
    title: "Bucket policy naming the wrong endpoint id",
    symptom: S3_SYMPTOM,
    test: "s3",
    hopType: "s3-bucket",
    apply: wrongVpceInBucketPolicy,
  },
];

export function isFaultId(id: string): id is FaultId {
  return FAULTS.some((fault) => fault.id === id);
}

export function faultById(id: FaultId): Fault {
  return FAULTS.find((fault) => fault.id === id)!;
}

export function faultsOfLab(labId: LabId): Fault[] {
  return FAULTS.filter((fault) => fault.labId === labId);
}

/** The symptom with the lab's own names filled in (the bucket's name for Lab 2). */
export function symptomFor(fault: Fault, snapshot: LabSnapshot): string {
  const bucket = lab2Bucket(snapshot)?.name;
  return bucket ? fault.symptom.replace("YOUR-BUCKET", bucket) : fault.symptom;
}
