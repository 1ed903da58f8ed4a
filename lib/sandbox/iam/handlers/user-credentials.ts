/**
 * A user's other sign-in credentials, which the sandbox does not issue: no console password
 * (GetLoginProfile is NoSuchEntity), no SSH public keys, service-specific credentials, signing
 * certificates or MFA devices (empty lists). Tools read them all before DeleteUser, as Ansible's
 * iam_user state=absent does, to remove what would block it.
 */
import { boolean, integer, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { QueryOperation } from "@/lib/sandbox/core/types";
import { noSuchEntityLoginProfile } from "../model/errors";
import type { IamState } from "../model/types";
import { paginateIam } from "./pages";
import { targetUser } from "./params";

/** What each operation accepts, by wire name (botocore's iam model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  GetLoginProfile: {
    UserName: string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" }),
  },
  ListSSHPublicKeys: {
    UserName: string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  ListServiceSpecificCredentials: {
    UserName: string({ minLength: 1, maxLength: 64, pattern: "[\\w+=,.@-]+" }),
    ServiceName: string(),
    AllUsers: boolean(),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  ListSigningCertificates: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
  ListMFADevices: {
    UserName: string({ minLength: 1, maxLength: 128, pattern: "[\\w+=,.@-]+" }),
    Marker: string({ minLength: 1, maxLength: 320, pattern: "[\\u0020-\\u00FF]+" }),
    MaxItems: integer({ min: 1, max: 1000 }),
  },
} satisfies Record<string, InputMembers>;

const getLoginProfile: QueryOperation<IamState> = {
  input: INPUTS.GetLoginProfile,
  mutates: false,
  run(params, ctx, state) {
    const user = targetUser(params, ctx, state);
    throw noSuchEntityLoginProfile(user?.userName ?? ctx.accountId);
  },
};

/** A List* call about a user (UserName, defaulting to the caller) whose list is always empty. */
function emptyList(input: InputMembers, field: string, paged: boolean): QueryOperation<IamState> {
  return {
    input,
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
  ListSSHPublicKeys: emptyList(INPUTS.ListSSHPublicKeys, "SSHPublicKeys", true),
  ListServiceSpecificCredentials: emptyList(INPUTS.ListServiceSpecificCredentials, "ServiceSpecificCredentials", false),
  ListSigningCertificates: emptyList(INPUTS.ListSigningCertificates, "Certificates", true),
  ListMFADevices: emptyList(INPUTS.ListMFADevices, "MFADevices", true),
};
