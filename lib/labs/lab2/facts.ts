/** What Lab 2's checks read beyond the snapshot: the IAM users' access keys and the bucket's objects. */
import { paginateListAccessKeys, paginateListUsers } from "@aws-sdk/client-iam";
import { paginateListObjectsV2 } from "@aws-sdk/client-s3";
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import type { LabFacts } from "@/lib/labs/steps";
import { lab2Bucket } from "./resources";

async function collect<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

async function readAccessKeys(clients: AwsClients): Promise<NonNullable<LabFacts["accessKeys"]>> {
  const users = await collect(paginateListUsers({ client: clients.iam }, {}), (page) => page.Users);
  const perUser = await Promise.all(
    users.map(async (user) =>
      (await collect(paginateListAccessKeys({ client: clients.iam }, { UserName: user.UserName }), (page) => page.AccessKeyMetadata)).map((key) => ({
        userName: user.UserName!,
        accessKeyId: key.AccessKeyId!,
        status: key.Status ?? "Active",
        ...(key.CreateDate ? { createdAt: key.CreateDate.toISOString() } : {}),
      })),
    ),
  );
  return perUser.flat();
}

async function readObjects(clients: AwsClients, bucket: string): Promise<NonNullable<LabFacts["objects"]>> {
  try {
    const keys = await collect(paginateListObjectsV2({ client: clients.s3 }, { Bucket: bucket }), (page) => page.Contents?.map((object) => object.Key!));
    return { bucket, keys };
  } catch (error) {
    // After Step 6 the bucket policy locks the console out: a fact to show, not a crash.
    return { bucket, error: (error as { name?: string }).name ?? "Error" };
  }
}

export async function gatherLab2Facts(clients: AwsClients, snapshot: LabSnapshot): Promise<LabFacts> {
  const bucket = lab2Bucket(snapshot);
  const [accessKeys, objects] = await Promise.all([readAccessKeys(clients), bucket ? readObjects(clients, bucket.name) : Promise.resolve(undefined)]);
  return { accessKeys, objects };
}
