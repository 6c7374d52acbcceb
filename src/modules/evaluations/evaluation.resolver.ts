import { Resolver } from 'type-graphql';
import { Evaluation } from './evaluation.entity';

@Resolver(() => Evaluation)
export class EvaluationResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const evaluationResolvers = [EvaluationResolver] as const;
