import { defineFeature } from '../../common/feature';
import { Agreement } from './agreement.entity';
import { ProjectPartnerRow } from './project-partner.entity';
import { ProjectPrinciple } from './project-principle.entity';
import { Project } from './project.entity';
import * as relations from './project.relations';
import { projectResolvers } from './project.resolver';

export const projectsFeature = defineFeature({
  name: 'projects',
  entities: [Project, ProjectPartnerRow, ProjectPrinciple, Agreement],
  resolvers: [...projectResolvers],
  relations,
  nodes: [Project],
});
