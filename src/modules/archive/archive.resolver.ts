import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/role';
import type { Context } from '../../context';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { LIST_CAPS } from '../../limits/list-caps';
import { ARCHIVABLE } from './archivable';
import { listArchived, setArchived } from './archive.service';

/** `archived` sorts by when each record was archived, whatever the query selects: it reads that column of every archivable entity. */
const ReadsArchivedAt: MethodDecorator = (target, member) => {
  for (const kind of Object.values(ARCHIVABLE)) Reads(() => kind.entity, 'archivedAt')(target, member);
};

@Resolver()
export class ArchiveResolver {
  @ReadsArchivedAt
  @Authorized(Role.OBSERVER)
  @Query(() => [Node], {
    description: `The archived records of these node types (${Object.keys(ARCHIVABLE).join(', ')}), most recently archived first, at most ${LIST_CAPS.archivedRecords} in all: lists leave them out, restore(id) brings one back.`,
  })
  archived(@Ctx() ctx: Context, @Arg('types', () => [String]) types: string[]): Promise<Node[]> {
    return listArchived(ctx, types);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Node, {
    description:
      'Archives a partner, representative, principle (ADMIN+), project, measure or measurement: it leaves lists and keeps its history. CONFLICT (extensions.usedBy) while an ACTIVE project uses it.',
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
