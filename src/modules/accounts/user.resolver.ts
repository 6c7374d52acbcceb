import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { User } from './user.entity';
import { emailOf } from './user.service';

@Resolver(() => User)
export class UserResolver {
  @Reads()
  @FieldResolver(() => String, { description: 'Refused (FORBIDDEN) to an OBSERVER, except their own.' })
  email(@Ctx() ctx: Context, @Root() user: User): string {
    return emailOf(ctx, user);
  }
}
