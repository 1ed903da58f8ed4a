import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "./clients";

const accountIds = new WeakMap<object, Promise<string>>();

/** The account id behind these clients (one STS call per clients object). */
export function accountIdOf(clients: AwsClients): Promise<string> {
  let known = accountIds.get(clients);
  if (!known) {
    known = clients.sts.send(new GetCallerIdentityCommand({})).then((identity) => identity.Account!);
    known.catch(() => accountIds.delete(clients));
    accountIds.set(clients, known);
  }
  return known;
}
