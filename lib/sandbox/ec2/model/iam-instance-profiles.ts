/**
 * Roles for instances: the IAM instance profile an instance is associated with (at launch or by
 * AssociateIamInstanceProfile). An instance has at most one association; EC2 keeps the profile's
 * ARN and id as they were when it was associated.
 */
import { newId } from "./ids";
import { getInstance, isLive } from "./instances";
import type { Ec2State, IamInstanceProfileAssociation, Instance, InstanceProfileRef } from "./types";
import { incorrectState, invalidAssociationIdNotFoundForProfile } from "./errors";

/** States written before instances had profiles have no associations. */
function associationsOf(state: Ec2State): Record<string, IamInstanceProfileAssociation> {
  state.iamInstanceProfileAssociations ??= {};
  return state.iamInstanceProfileAssociations;
}

/** The associations of instances that still exist and are not terminated (EC2 drops a terminated instance's). */
export function liveAssociations(state: Ec2State): IamInstanceProfileAssociation[] {
  return Object.values(state.iamInstanceProfileAssociations ?? {}).filter((association) => {
    const instance = state.instances[association.instanceId];
    return instance !== undefined && isLive(instance);
  });
}

export function associationOfInstance(state: Ec2State, instance: Instance): IamInstanceProfileAssociation | undefined {
  return Object.values(state.iamInstanceProfileAssociations ?? {}).find((association) => association.instanceId === instance.id);
}

export function associateInstanceProfile(state: Ec2State, instanceId: string, profile: InstanceProfileRef): IamInstanceProfileAssociation {
  const instance = getInstance(state, instanceId);
  if (associationOfInstance(state, instance)) throw incorrectState(instance.id);
  const association = { associationId: newId("iip-assoc"), instanceId: instance.id, iamInstanceProfile: { ...profile } };
  associationsOf(state)[association.associationId] = association;
  return association;
}

export function disassociateInstanceProfile(state: Ec2State, associationId: string): IamInstanceProfileAssociation {
  const associations = associationsOf(state);
  const association = Object.hasOwn(associations, associationId) ? associations[associationId] : undefined;
  if (!association) throw invalidAssociationIdNotFoundForProfile(associationId);
  delete associations[associationId];
  return association;
}

/** ReplaceIamInstanceProfileAssociation: the association goes, and a new one (a new id) takes its instance. */
export function replaceInstanceProfile(state: Ec2State, associationId: string, profile: InstanceProfileRef): IamInstanceProfileAssociation {
  const previous = disassociateInstanceProfile(state, associationId);
  const association = { associationId: newId("iip-assoc"), instanceId: previous.instanceId, iamInstanceProfile: { ...profile } };
  associationsOf(state)[association.associationId] = association;
  return association;
}
