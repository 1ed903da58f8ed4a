/** Lab 2 (a VPC whose bucket is reachable only through its gateway endpoint) with Ansible: see ansible-lab-suite.ts. */
import { expect } from "vitest";
import { DescribeVpcEndpointsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { GetBucketPolicyCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { describeAnsibleLab, type Lab } from "./ansible-lab-suite";

function tagged(name: string) {
  return [{ Name: "tag:Name", Values: [name] }];
}

async function expectLab2Built({ account, ec2, s3 }: Lab): Promise<void> {
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: tagged("lab2-vpc") }))).Vpcs![0];
  expect(vpc.CidrBlock).toBe("10.0.0.0/16");
  const endpoints = (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.VpcId!] }] }))).VpcEndpoints ?? [];
  expect(endpoints).toHaveLength(1);
  expect(endpoints[0]).toMatchObject({ ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway", State: "available" });
  expect(endpoints[0].RouteTableIds).toHaveLength(1);
  expect(endpoints[0].Tags).toEqual([{ Key: "Name", Value: "lab2-endpoint" }]);

  const bucket = `vpc-lab-endpoints-${account.accountId}-ansible`;
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "welcome.txt" }));
  expect(await object.Body!.transformToString()).toMatch(/^Hello from VPC Lab/);
  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
  expect(policy.Statement[0].Condition.StringNotEquals).toEqual({ "aws:SourceVpce": endpoints[0].VpcEndpointId });
}

describeAnsibleLab({ name: "Lab 2", playbook: "lab2.yml", teardown: "lab2-teardown.yml", expectBuilt: expectLab2Built });
