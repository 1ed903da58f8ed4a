/**
 * CreateAccountAlias, ListAccountAliases, DeleteAccountAlias. IAM keeps at most one alias per
 * account: creating another replaces it, creating the same one again succeeds. AWS also keeps
 * aliases unique across all accounts; the sandbox checks only within the account, so one tenant
 * can neither take nor learn another's alias.
 */
import { integer, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { noSuchEntityAccountAlias } from "../model/errors";
import type { IamState } from "../model/types";
import { paginateIam } from "./pages";
import { requiredString } from "./params";

const ALIAS = string({ minLength: 3, maxLength: 63, pattern: "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$" });

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  ListAccountAliases: {
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  CreateAccountAlias: {
    AccountAlias: required(ALIAS),
  },
  DeleteAccountAlias: {
    AccountAlias: required(ALIAS),
  },
} satisfies Record<string, InputMembers>;

const createAccountAlias: QueryOperation<IamState> = {
  input: INPUTS.CreateAccountAlias,
  mutates: true,
  run(params, _ctx, state) {
    state.accountAliases = [requiredString(params, "AccountAlias")];
    return undefined;
  },
};

/** AccountAliases is always present, empty when the account has none. */
const listAccountAliases: QueryOperation<IamState> = {
  input: INPUTS.ListAccountAliases,
  mutates: false,
  run(params, _ctx, state) {
    const { items, ...page } = paginateIam(state.accountAliases ?? [], params);
    return { AccountAliases: items, ...page };
  },
};

const deleteAccountAlias: QueryOperation<IamState> = {
  input: INPUTS.DeleteAccountAlias,
  mutates: true,
  run(params, _ctx, state) {
    const alias = requiredString(params, "AccountAlias");
    if (!(state.accountAliases ?? []).includes(alias)) throw noSuchEntityAccountAlias(alias);
    delete state.accountAliases;
    return undefined;
  },
};

export const accountAliasOperations: Record<string, QueryOperation<IamState>> = {
  CreateAccountAlias: createAccountAlias,
  ListAccountAliases: listAccountAliases,
  DeleteAccountAlias: deleteAccountAlias,
};
