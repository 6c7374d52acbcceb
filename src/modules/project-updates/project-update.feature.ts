import { defineFeature } from '../../common/feature';
import { ProjectUpdate } from './project-update.entity';
import * as relations from './project-update.relations';
import { ProjectUpdateLiveResolver, ProjectUpdateResolver, ProjectUpdatesFieldResolver } from './project-update.resolver';

export const projectUpdatesFeature = defineFeature({
  name: 'project-updates',
  entities: [ProjectUpdate],
  resolvers: [ProjectUpdateResolver, ProjectUpdatesFieldResolver, ProjectUpdateLiveResolver],
  relations,
  nodes: [ProjectUpdate],
});
