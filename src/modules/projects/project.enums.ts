import { registerEnumType } from 'type-graphql';

/** Where a project is in its life: PROPOSED -> ACTIVE -> COMPLETED, with ON_HOLD and CANCELLED. */
export enum ProjectStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  ON_HOLD = 'ON_HOLD',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Where a project is in its life: PROPOSED -> ACTIVE -> COMPLETED, with ON_HOLD and CANCELLED.',
});

/** How a partner takes part in a project. */
export enum ProjectPartnerRole {
  LEAD = 'LEAD',
  MEMBER = 'MEMBER',
  CONSULTED = 'CONSULTED',
}

registerEnumType(ProjectPartnerRole, { name: 'ProjectPartnerRole', description: 'How a partner takes part in a project.' });
