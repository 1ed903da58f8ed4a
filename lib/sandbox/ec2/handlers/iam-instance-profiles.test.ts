/** Roles for instances through the real @aws-sdk/client-ec2 and client-iam: RunInstances' IamInstanceProfile, the association calls, and the host's CLI signing with the role. */
import {
  AssociateIamInstanceProfileCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DisassociateIamInstanceProfileCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type RunInstancesCommandInput,
} from "@aws-sdk/client-ec2";
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { iamClient } from "@/lib/sandbox/s3/testing";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { runShell } from "@/lib/sandbox/ssm/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { AMAZON_IMAGES } from "../model/catalog";
import { ec2ClientFor, expectAwsError } from "../testing";

const AL2023 = AMAZON_IMAGES[0].imageId;
const TRUST_EC2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
let server: SandboxServer;
let ec2: EC2Client;
let iam: IAMClient;

beforeAll(async () => {
  // The whole registry: the profiles are made through IAM.
  server = await startSandboxServer();
});
beforeEach(async () => {
  const account = await server.newAccount();
  ec2 = ec2ClientFor(server, account);
  iam = iamClient(server.endpoint, account.credentials);
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

/** A profile holding a role, as Lab 2's best-practice note has students make it. */
async function profileWithRole(name: string) {
  await iam.send(new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: TRUST_EC2 }));
  const { InstanceProfile } = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: `${name}-role` }));
  return { Arn: InstanceProfile!.Arn!, Id: InstanceProfile!.InstanceProfileId! };
}

function launch(input: Partial<RunInstancesCommandInput> = {}) {
  return ec2.send(new RunInstancesCommand({ ImageId: AL2023, InstanceType: "t3.micro", MinCount: 1, MaxCount: 1, ...input }));
}

async function describedProfile(instanceId: string) {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return Reservations![0].Instances![0].IamInstanceProfile;
}

describe("RunInstances with an IAM instance profile", () => {
  it("launches with the profile named by Name or by Arn and shows its ARN and id", async () => {
    const profile = await profileWithRole("web");
    const byName = (await launch({ IamInstanceProfile: { Name: "web" } })).Instances![0];
    expect(byName.IamInstanceProfile).toEqual(profile);
    expect(await describedProfile(byName.InstanceId!)).toEqual(profile);
    const byArn = (await launch({ IamInstanceProfile: { Arn: profile.Arn } })).Instances![0];
    expect(await describedProfile(byArn.InstanceId!)).toEqual(profile);

    const plain = (await launch()).Instances![0];
    expect(await describedProfile(plain.InstanceId!)).toBeUndefined();
  });

  it("refuses a profile the account does not have, by name and by ARN, and launches nothing", async () => {
    await expectAwsError(
      launch({ IamInstanceProfile: { Name: "missing" } }),
      "InvalidParameterValue",
      "Value (missing) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
    );
    const arn = "arn:aws:iam::123456789012:instance-profile/missing";
    await expectAwsError(
      launch({ IamInstanceProfile: { Arn: arn } }),
      "InvalidParameterValue",
      `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`,
    );
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
  });
});

describe("instance profile associations", () => {
  it("associates a profile with a running instance, lists it, refuses a second, and disassociates", async () => {
    const profile = await profileWithRole("app");
    const instanceId = (await launch()).Instances![0].InstanceId!;
    const { IamInstanceProfileAssociation } = await ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Name: "app" } }));
    expect(IamInstanceProfileAssociation).toMatchObject({ InstanceId: instanceId, IamInstanceProfile: profile, State: "associating" });
    const associationId = IamInstanceProfileAssociation!.AssociationId!;
    expect(associationId).toMatch(/^iip-assoc-[0-9a-f]{17}$/);
    expect(await describedProfile(instanceId)).toEqual(profile);

    const listed = await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [instanceId] }] }));
    expect(listed.IamInstanceProfileAssociations).toEqual([{ AssociationId: associationId, InstanceId: instanceId, IamInstanceProfile: profile, State: "associated" }]);

    await expectAwsError(
      ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Arn: profile.Arn } })),
      "IncorrectState",
      `There is an existing association for instance ${instanceId}`,
    );

    const { IamInstanceProfileAssociation: removed } = await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: associationId }));
    expect(removed).toMatchObject({ AssociationId: associationId, State: "disassociating" });
    expect(await describedProfile(instanceId)).toBeUndefined();
    expect((await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations).toEqual([]);
    await expectAwsError(ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: associationId })), "InvalidAssociationID.NotFound");
  });

  it("replaces an instance's profile: a new association id, the old one gone (Terraform's aws_instance changes the role so)", async () => {
    await profileWithRole("first");
    const second = await profileWithRole("second");
    const instanceId = (await launch({ IamInstanceProfile: { Name: "first" } })).Instances![0].InstanceId!;
    const [old] = (await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations!;
    const { IamInstanceProfileAssociation } = await ec2.send(
      new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: old.AssociationId, IamInstanceProfile: { Name: "second" } }),
    );
    expect(IamInstanceProfileAssociation).toMatchObject({ InstanceId: instanceId, IamInstanceProfile: second, State: "associating" });
    expect(IamInstanceProfileAssociation!.AssociationId).not.toBe(old.AssociationId);
    expect(await describedProfile(instanceId)).toEqual(second);
    expect((await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations).toEqual([
      { AssociationId: IamInstanceProfileAssociation!.AssociationId, InstanceId: instanceId, IamInstanceProfile: second, State: "associated" },
    ]);
    await expectAwsError(
      ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: old.AssociationId, IamInstanceProfile: { Name: "second" } })),
      "InvalidAssociationID.NotFound",
    );
    await expectAwsError(
      ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: IamInstanceProfileAssociation!.AssociationId, IamInstanceProfile: { Name: "missing" } })),
      "InvalidParameterValue",
      "Value (missing) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
    );
  });

  it("drops a terminated instance's association from the list", async () => {
    await profileWithRole("gone");
    const instanceId = (await launch({ IamInstanceProfile: { Name: "gone" } })).Instances![0].InstanceId!;
    expect((await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations).toHaveLength(1);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect((await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations).toEqual([]);
  });
});

describe("the instance's AWS CLI", () => {
  it("signs with its instance profile's role when nothing is configured, as IMDS credentials do", async () => {
    const client = { region: "us-east-1", endpoint: server.endpoint, credentials: await ec2.config.credentials(), maxAttempts: 1 };
    const ssm = new SSMClient(client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.7.1.0/24" }))).Subnet!.SubnetId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const routeTableId = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).RouteTables![0].RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));
    await profileWithRole("reader");
    await iam.send(new AttachRolePolicyCommand({ RoleName: "reader-role", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
    const instance = (
      await launch({ IamInstanceProfile: { Name: "reader" }, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] })
    ).Instances![0];
    const plain = (await launch({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] })).Instances![0];

    const identity = await runShell(ssm, instance.InstanceId!, ["aws sts get-caller-identity --output text"]);
    expect(identity.Status).toBe("Success");
    expect(identity.StandardOutputContent).toMatch(new RegExp(`^\\d{12}\\tarn:aws:sts::\\d{12}:assumed-role/reader-role/${instance.InstanceId}\\tAROA[A-Z2-7]{17}:${instance.InstanceId}\\n$`));
    expect((await runShell(ssm, instance.InstanceId!, ["aws s3 ls"])).Status).toBe("Success");

    const none = await runShell(ssm, plain.InstanceId!, ["aws sts get-caller-identity"]);
    expect(none).toMatchObject({ Status: "Failed", ResponseCode: 253 });
    expect(none.StandardErrorContent).toContain('Unable to locate credentials. You can configure credentials by running "aws configure".');
  }, 120_000);
});
