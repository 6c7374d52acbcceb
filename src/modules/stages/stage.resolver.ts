import { Resolver } from 'type-graphql';
import { Stage } from './stage.entity';

@Resolver(() => Stage)
export class StageResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const stageResolvers = [StageResolver] as const;
