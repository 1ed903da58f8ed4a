/** Internet gateways (create, attach, detach, delete) through the real @aws-sdk/client-ec2. */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);

describe("internet gateways", () => {
  it("attach, refuse a second attachment, refuse deletion while attached, detach and delete", async () => {
    const vpcId = await createVpc(ec2, 50);
    const other = await createVpc(ec2, 51);
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: "internet-gateway", Tags: [{ Key: "Name", Value: "igw-1" }] }] }));
    const igw = InternetGateway!.InternetGatewayId!;
    expect(InternetGateway).toMatchObject({ Attachments: [], Tags: [{ Key: "Name", Value: "igw-1" }] });
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    await expectAwsError(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: other })), "Resource.AlreadyAssociated", `resource ${igw} is already attached to network ${vpcId}`);
    await expectAwsError(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw })), "DependencyViolation", `The internetGateway '${igw}' has dependencies and cannot be deleted.`);
    await expectAwsError(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: other })), "Gateway.NotAttached", `resource ${igw} is not attached to network ${other}`);
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    await expectAwsError(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igw] })), "InvalidInternetGatewayID.NotFound", `The internetGateway ID '${igw}' does not exist`);
  });
});
