import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { Membership } from '../organisations/membership.entity';
import { membershipDigest, updateMyDigestSettings } from './digest.settings';
import { DigestSettings, UpdateMyDigestSettingsInput } from './digest.types';

@Resolver(() => Membership)
export class MembershipDigestResolver {
  // At most one statement per request: only the caller's own membership has an answer.
  @FieldResolver(() => DigestSettings, { nullable: true, description: "The member's digest by mail; null on anyone's membership but the caller's own." })
  digest(@Ctx() ctx: Context, @Root() membership: Membership): Promise<DigestSettings | null> {
    return membershipDigest(ctx, membership.id);
  }
}

@Resolver()
export class DigestResolver {
  @Authorized(Role.OBSERVER)
  @Mutation(() => DigestSettings, {
    description:
      "Chooses the caller's digest by mail in this organisation: DAILY, WEEKLY (on `weekday`) or NONE, sent at 07:00 in `timeZone`. A signed-in member only (FORBIDDEN for an API key); BAD_USER_INPUT on an unknown time zone or a weekday outside 1-7.",
  })
  updateMyDigestSettings(@Ctx() ctx: Context, @Arg('input', () => UpdateMyDigestSettingsInput) input: UpdateMyDigestSettingsInput): Promise<DigestSettings> {
    return updateMyDigestSettings(ctx, input);
  }
}
