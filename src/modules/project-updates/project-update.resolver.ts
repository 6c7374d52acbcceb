import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { connectionType, PageArgs, type Page } from '../../common/pagination';
import { Project } from '../projects/project.entity';
import { ProjectUpdate } from './project-update.entity';
import { PostProjectUpdateInput } from './project-update.inputs';
import { latestProjectUpdate, listProjectUpdates, postProjectUpdate } from './project-update.service';

export const ProjectUpdateConnection = connectionType(ProjectUpdate, 'ProjectUpdate');

@Resolver(() => ProjectUpdate)
export class ProjectUpdateResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => ProjectUpdate, {
    description:
      "Posts a project's health with the narrative behind it, kept as its history (a correction is a new update). INVALID_TRANSITION on an archived (extensions.archived), COMPLETED or CANCELLED (extensions.projectStatus) project.",
  })
  postProjectUpdate(@Ctx() ctx: Context, @Arg('input', () => PostProjectUpdateInput) input: PostProjectUpdateInput): Promise<ProjectUpdate> {
    return postProjectUpdate(ctx, input);
  }
}

@Resolver(() => Project)
export class ProjectUpdatesFieldResolver {
  @Reads()
  @FieldResolver(() => ProjectUpdateConnection, { description: "The project's updates, newest first: its status history." })
  updates(@Ctx() ctx: Context, @Root() project: Project, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<ProjectUpdate>> {
    return listProjectUpdates(ctx, project.id, args, info);
  }

  @Reads()
  @FieldResolver(() => ProjectUpdate, { nullable: true, description: "The project's latest update (its current health and when it was last reported); null before the first." })
  latestUpdate(@Ctx() ctx: Context, @Root() project: Project): Promise<ProjectUpdate | null> {
    return latestProjectUpdate(ctx, project.id);
  }
}
