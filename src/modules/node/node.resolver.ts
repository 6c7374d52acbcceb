import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Node, nodeTypeNamed } from '../../common/node';
import { parseGlobalId } from '../../common/global-id';
import { Role } from '../../auth/role';

@Resolver()
export class NodeResolver {
  /**
   * Loads through the request's reader, tenant-bound, so another organisation's id finds nothing;
   * organisations and users resolve only where row-level security lets the caller see them.
   */
  @Authorized(Role.OBSERVER)
  @Query(() => Node, { nullable: true, description: 'Any object by its global id, within this organisation.' })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const parsed = parseGlobalId(id);
    const type = parsed && nodeTypeNamed(parsed.type);
    if (!parsed || !type) return null;
    return (await ctx.read.byId(type as new () => Node, parsed.id)) ?? null;
  }
}
