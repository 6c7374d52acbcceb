import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Node } from '../../common/node';
import { parseGlobalId } from '../../common/global-id';
import type { Loaders } from '../../loaders';
import { Role } from '../../auth/role';

type NodeLoader = (loaders: Loaders, id: string) => Promise<Node | null>;

/**
 * How each node type loads by id: always through the request's tenant-bound loaders, so another
 * organisation's id finds nothing. Organisations and users resolve only where RLS lets the caller
 * see them.
 */
const NODE_LOADERS: Readonly<Record<string, NodeLoader>> = {
  User: (l, id) => l.accounts.userById.load(id) as Promise<Node | null>,
  Organisation: (l, id) => l.organisations.organisationById.load(id) as Promise<Node | null>,
  ApiKey: (l, id) => l.apiKeys.apiKeyById.load(id) as Promise<Node | null>,
  Partner: (l, id) => l.partners.partnerById.load(id) as Promise<Node | null>,
  Principle: (l, id) => l.principles.principleById.load(id) as Promise<Node | null>,
  Project: (l, id) => l.projects.projectById.load(id) as Promise<Node | null>,
  Challenge: (l, id) => l.challenges.challengeById.load(id) as Promise<Node | null>,
  Stage: (l, id) => l.stages.stageById.load(id) as Promise<Node | null>,
  Evaluation: (l, id) => l.evaluations.evaluationById.load(id) as Promise<Node | null>,
};

@Resolver()
export class NodeResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => Node, { nullable: true, description: 'Any object by its global id, within this organisation.' })
  async node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const parsed = parseGlobalId(id);
    const load = parsed && Object.hasOwn(NODE_LOADERS, parsed.type) ? NODE_LOADERS[parsed.type] : undefined;
    if (!parsed || !load) return null;
    return load(ctx.loaders, parsed.id);
  }
}
