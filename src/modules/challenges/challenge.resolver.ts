import { Resolver } from 'type-graphql';
import { Challenge } from './challenge.entity';

@Resolver(() => Challenge)
export class ChallengeResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const challengeResolvers = [ChallengeResolver] as const;
