import { Resolver } from 'type-graphql';
import { Project } from './project.entity';

@Resolver(() => Project)
export class ProjectResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const projectResolvers = [ProjectResolver] as const;
