import { outsideRequest } from "@/lib/outside-request";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "./clients";

const accountIds = new WeakMap<object, Promise<string>>();

/** An access key belongs to one account for good: a new set of clients with a known key (a reset's new lab run) asks STS nothing. */
const accountsByKey = new Map<string, string>();
const MAX_KEYS_REMEMBERED = 2_000;

function remember(accessKeyId: string, accountId: string): void {
  if (accountsByKey.size >= MAX_KEYS_REMEMBERED) accountsByKey.delete(accountsByKey.keys().next().value!);
  accountsByKey.set(accessKeyId, accountId);
}

async function askAccountId(clients: AwsClients): Promise<string> {
  const { accessKeyId } = await clients.sts.config.credentials();
  const known = accountsByKey.get(accessKeyId);
  if (known) return known;
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  remember(accessKeyId, identity.Account!);
  return identity.Account!;
}

/** The account id behind these clients (one STS call per access key). */
export function accountIdOf(clients: AwsClients): Promise<string> {
  let known = accountIds.get(clients);
  if (!known) {
    known = outsideRequest(() => askAccountId(clients));
    known.catch(() => accountIds.delete(clients));
    accountIds.set(clients, known);
  }
  return known;
}
