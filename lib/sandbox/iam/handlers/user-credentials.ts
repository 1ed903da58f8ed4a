/**
 * A user's other sign-in credentials, which the sandbox does not issue: no console password
 * (GetLoginProfile is NoSuchEntity), no SSH public keys, service-specific credentials, signing
 * certificates or MFA devices (empty lists). Tools read them all before DeleteUser, as Ansible's
 * iam_user state=absent does, to remove what would block it.
 */
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { noSuchEntity } from "../model/errors";
import type { IamState } from "../model/users";
import { paginateIam } from "./pages";
import { targetUser } from "./params";

const getLoginProfile: QueryOperation<IamState> = {
  mutates: false,
  run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    throw noSuchEntity(`Login Profile for User ${user?.userName ?? ctx.accountId} cannot be found.`);
  },
};

/** A List* call about a user (UserName, defaulting to the caller) whose list is always empty. */
function emptyList(field: string, paged: boolean): QueryOperation<IamState> {
  return {
    mutates: false,
    run(params, ctx, state) {
      targetUser(params, ctx, state);
      if (!paged) return { [field]: [] };
      const { items, ...page } = paginateIam([], params);
      return { [field]: items, ...page };
    },
  };
}

export const userCredentialOperations: Record<string, QueryOperation<IamState>> = {
  GetLoginProfile: getLoginProfile,
  ListSSHPublicKeys: emptyList("SSHPublicKeys", true),
  ListServiceSpecificCredentials: emptyList("ServiceSpecificCredentials", false),
  ListSigningCertificates: emptyList("Certificates", true),
  ListMFADevices: emptyList("MFADevices", true),
};
