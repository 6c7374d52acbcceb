import { Resolver } from 'type-graphql';
import { Principle } from './principle.entity';

@Resolver(() => Principle)
export class PrincipleResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const principleResolvers = [PrincipleResolver] as const;
