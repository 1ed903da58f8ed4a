/**
 * What every client the console builds does around each call, in sandbox and real mode alike:
 * - EC2 create calls carry the ownership tags (`vpclab:owner`, `vpclab:lab`, `vpclab:run`) in
 *   their TagSpecifications, so everything the console creates is tagged at creation;
 * - the ids they return are remembered for the eventual-consistency window, and a later call
 *   that meets NotFound for one of them is retried (see just-created.ts);
 * - buckets the console creates are recorded as the user's (S3 returns no tags in ListBuckets).
 */
import type { EC2Client, TagSpecification } from "@aws-sdk/client-ec2";
import type { S3Client } from "@aws-sdk/client-s3";
import { type JustCreated, retryWhileJustCreated } from "./just-created";
import { type OwnerTags, ownershipTags, resourceIdsIn } from "./ownership";

/** The resource type each EC2 create call tags (TagSpecifications' ResourceType). */
export const TAGGED_CREATES: Record<string, string> = {
  CreateVpcCommand: "vpc",
  CreateSubnetCommand: "subnet",
  CreateInternetGatewayCommand: "internet-gateway",
  CreateRouteTableCommand: "route-table",
  CreateSecurityGroupCommand: "security-group",
  CreateNetworkAclCommand: "network-acl",
  RunInstancesCommand: "instance",
  AllocateAddressCommand: "elastic-ip",
  CreateVpcPeeringConnectionCommand: "vpc-peering-connection",
  CreateVpcEndpointCommand: "vpc-endpoint",
};

/** Adds the ownership tags to the resource type's TagSpecification (created when missing); other keys stay. */
export function withOwnershipTags(specifications: TagSpecification[] | undefined, resourceType: string, owner: OwnerTags): TagSpecification[] {
  const tags = ownershipTags(owner);
  const keys = new Set(tags.map((tag) => tag.Key));
  const list = specifications ?? [];
  const existing = list.find((specification) => specification.ResourceType === resourceType);
  if (!existing) return [...list, { ResourceType: resourceType as TagSpecification["ResourceType"], Tags: tags }];
  return list.map((specification) =>
    specification === existing ? { ...specification, Tags: [...(specification.Tags ?? []).filter((tag) => !keys.has(tag.Key)), ...tags] } : specification,
  );
}

/** The ids a create call's output names. */
export function createdIds(output: unknown): string[] {
  const o = (output ?? {}) as Record<string, unknown>;
  const single = [o.Vpc, o.Subnet, o.InternetGateway, o.RouteTable, o.NetworkAcl, o.VpcPeeringConnection, o.VpcEndpoint];
  return [...resourceIdsIn(single), ...resourceIdsIn(o.GroupId), ...resourceIdsIn(o.AllocationId), ...resourceIdsIn((o.Instances as unknown[] | undefined)?.map((instance) => (instance as { InstanceId?: string }).InstanceId))];
}

const DELETING = /^(Delete|Terminate|Release)/;

export interface ConsoleContext {
  owner: OwnerTags;
  justCreated: JustCreated;
  buckets: { record(bucket: string): Promise<void>; forget(bucket: string): Promise<void> };
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>;

export function installEc2Middleware(ec2: EC2Client, context: ConsoleContext): void {
  ec2.middlewareStack.add(
    ((next: Handler, handlerContext: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const command = handlerContext.commandName ?? "";
      const resourceType = TAGGED_CREATES[command];
      const input = resourceType ? { ...args.input, TagSpecifications: withOwnershipTags(args.input.TagSpecifications as TagSpecification[] | undefined, resourceType, context.owner) } : args.input;
      const result = await retryWhileJustCreated(context.justCreated, () => next({ ...args, input }));
      if (resourceType) context.justCreated.add(...createdIds(result.output));
      if (DELETING.test(command)) context.justCreated.forget(...resourceIdsIn(input));
      return result;
    }) as never,
    { step: "initialize", name: "vpclabOwnershipAndConsistency", override: true },
  );
}

export function installS3Middleware(s3: S3Client, context: ConsoleContext): void {
  s3.middlewareStack.add(
    ((next: Handler, handlerContext: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const result = await next(args);
      const bucket = String(args.input.Bucket ?? "");
      if (handlerContext.commandName === "CreateBucketCommand") await context.buckets.record(bucket);
      if (handlerContext.commandName === "DeleteBucketCommand") await context.buckets.forget(bucket);
      return result;
    }) as never,
    { step: "initialize", name: "vpclabBucketOwnership", override: true },
  );
}

