import { describe, expect, it } from '@jest/globals';
import { freshTemplate, nodeByRef, specOf } from '../testing/fixtures.js';
import { checkSecretGroupsRestricted } from './isolation.js';
import { describeTemplate } from './model.js';

describe('checkSecretGroupsRestricted', () => {
  it('accepts the repository template: the database connection reaches api and migrator only', () => {
    const model = describeTemplate(freshTemplate());
    expect(checkSecretGroupsRestricted(model)).toEqual([]);
    const group = model.secretGroups.find((candidate) => candidate.linksAddon);
    expect(group?.restrictedTo).toEqual([
      { id: 'api', type: 'service' },
      { id: 'migrator', type: 'job' },
    ]);
    expect(model.services.find((service) => service.name === 'web')?.environmentNames).not.toContain(
      'DATABASE_URL',
    );
  });

  it('fails when the group is not restricted (Northflank would inject it into web too)', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'database-connection')).restrictions.restricted = false;
    const model = describeTemplate(template);
    expect(checkSecretGroupsRestricted(model)).toEqual([
      'secret group database-connection links database credentials but is not restricted',
    ]);
    expect(model.services.find((service) => service.name === 'web')?.environmentNames).toContain(
      'DATABASE_URL',
    );
  });

  it('fails when the restriction names a workload the template does not create', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'database-connection')).restrictions.nfObjects[0].id = 'apii';
    expect(checkSecretGroupsRestricted(describeTemplate(template))).toEqual([
      'secret group database-connection is restricted to service "apii", which the template does not create',
    ]);
  });
});
