import { defineFeature } from '../../common/feature';
import { Evaluation } from './evaluation.entity';
import * as relations from './evaluation.relations';
import { evaluationResolvers } from './evaluation.resolver';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

export const evaluationsFeature = defineFeature({
  name: 'evaluations',
  entities: [Evaluation, Measure, Measurement, Involvement],
  resolvers: [...evaluationResolvers],
  relations,
  nodes: [Evaluation, Measure, Measurement],
});
