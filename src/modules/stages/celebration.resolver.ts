import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { connectionType, type Page } from '../../common/pagination';
import { CelebrationsArgs } from './celebration.args';
import { Celebration } from './celebration.entity';
import { listCelebrations } from './celebration.service';

export const CelebrationConnection = connectionType(Celebration, 'Celebration');

@Resolver(() => Celebration)
export class CelebrationResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => CelebrationConnection, {
    description:
      "The organisation's celebrations, newest first: every completion's message and every acknowledgement since, a lasting record (a project's are also under its stages).",
  })
  celebrations(@Ctx() ctx: Context, @Args(() => CelebrationsArgs) args: CelebrationsArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Celebration>> {
    return listCelebrations(ctx, args, info);
  }
}
