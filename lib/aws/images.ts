import { DescribeImagesCommand, type EC2Client } from "@aws-sdk/client-ec2";

/** The newest Amazon Linux 2023 image (x86_64), as the console's launch wizard picks it; undefined when the region has none. */
export async function newestAmazonLinux2023(ec2: EC2Client): Promise<string | undefined> {
  const images = await ec2.send(
    new DescribeImagesCommand({
      Owners: ["amazon"],
      Filters: [
        { Name: "name", Values: ["al2023-ami-2023.*-x86_64"] },
        { Name: "state", Values: ["available"] },
      ],
    }),
  );
  const newest = [...(images.Images ?? [])].sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
  return newest?.ImageId;
}
