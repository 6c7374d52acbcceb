import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { connectionType, DEFAULT_PAGE_SIZE, PageArgs, type Page } from '../../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { ApiKey } from './api-key.entity';

export const ApiKeyConnection = connectionType(ApiKey, 'ApiKey');

/** The organisation's API keys, for the people who manage them (the page's keys and kiosk links). */
@Resolver(() => Organisation)
export class OrganisationApiKeysResolver {
  @Authorized(USER, Role.ADMIN)
  @FieldResolver(() => ApiKeyConnection, {
    description: 'The API keys, newest first, revoked ones too (revokedAt); never their secrets. ADMIN or above, and a user, as managing keys is.',
  })
  apiKeys(@Ctx() ctx: Context, @Root() _organisation: Organisation, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<ApiKey>> {
    // Organisation is always the request's own: a read is scoped to it.
    return ctx.read.page(ApiKey, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, newestFirst: true }, info);
  }
}
