import { defineFeature } from '../../common/feature';
import { Celebration } from './celebration.entity';
import { StageDependency } from './stage-dependency.entity';
import { Stage } from './stage.entity';
import * as relations from './stage.relations';
import { stageResolvers } from './stage.resolver';

export const stagesFeature = defineFeature({
  name: 'stages',
  entities: [Stage, StageDependency, Celebration],
  resolvers: [...stageResolvers],
  relations,
  nodes: [Stage],
});
