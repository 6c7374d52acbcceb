import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/role';
import type { Context } from '../../context';
import { Node } from '../../common/node';
import { setArchived } from './archive.service';

@Resolver()
export class ArchiveResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => Node, {
    description: 'Archives a partner, representative, principle (ADMIN+), project, measure or measurement: it leaves lists and keeps its history. CONFLICT (extensions.usedBy) while an ACTIVE project uses it.',
  })
  archive(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node> {
    return setArchived(ctx, id, true);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Node, { description: 'Restores an archived record to the lists.' })
  restore(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node> {
    return setArchived(ctx, id, false);
  }
}
