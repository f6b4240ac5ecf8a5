import type { NorthflankModel } from './model.js';

/**
 * A secret group that carries an addon's connection details must be restricted to named services and jobs:
 * unrestricted, Northflank injects it into every workload of the project (web included).
 */
export function checkSecretGroupsRestricted(model: NorthflankModel): string[] {
  return model.secretGroups
    .filter((group) => group.linksAddon)
    .flatMap((group) => {
      if (!group.restricted)
        return [`secret group ${group.name} links database credentials but is not restricted`];
      if (group.restrictedTo.length === 0) return [`secret group ${group.name} is restricted to nothing`];
      const unknown = group.restrictedTo.filter(
        (target) =>
          !(target.type === 'service' ? model.services : model.jobs).some(
            (resource) => resource.name === target.id,
          ),
      );
      return unknown.map(
        (target) =>
          `secret group ${group.name} is restricted to ${target.type} "${target.id}", which the template does not create`,
      );
    });
}
