/** Structures several EC2 operations share in their declared inputs (botocore's ec2 model; see core/inputs.ts). */
import { boolean, integer, listOf, string, structure } from "@/lib/sandbox/core/inputs";

export const AttributeBooleanValueInput = structure({
  Value: boolean(),
});

export const DnsOptionsSpecificationInput = structure({
  DnsRecordIpType: string(),
  PrivateDnsOnlyForInboundResolverEndpoint: boolean(),
  PrivateDnsPreference: string(),
  PrivateDnsSpecifiedDomain: listOf(string(), { maxItems: 10 }),
});

export const FilterInput = structure({
  Name: string(),
  Value: listOf(string()),
});

export const IcmpTypeCodeInput = structure({
  Code: integer(),
  Type: integer(),
});

export const IpRangeInput = structure({
  Description: string(),
  CidrIp: string(),
});

export const Ipv6RangeInput = structure({
  Description: string(),
  CidrIpv6: string(),
});

export const PrefixListIdInput = structure({
  Description: string(),
  PrefixListId: string(),
});

export const UserIdGroupPairInput = structure({
  Description: string(),
  UserId: string(),
  GroupName: string(),
  GroupId: string(),
  VpcId: string(),
  VpcPeeringConnectionId: string(),
  PeeringStatus: string(),
});

export const IpPermissionInput = structure({
  IpProtocol: string(),
  FromPort: integer(),
  ToPort: integer(),
  Groups: listOf(UserIdGroupPairInput),
  IpRanges: listOf(IpRangeInput),
  Ipv6Ranges: listOf(Ipv6RangeInput),
  PrefixListIds: listOf(PrefixListIdInput),
});

export const PortRangeInput = structure({
  From: integer(),
  To: integer(),
});

export const SubnetConfigurationInput = structure({
  SubnetId: string(),
  Ipv4: string(),
  Ipv6: string(),
});

export const TagInput = structure({
  Key: string(),
  Value: string(),
});

export const TagSpecificationInput = structure({
  ResourceType: string(),
  Tag: listOf(TagInput),
});
