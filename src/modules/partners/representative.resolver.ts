import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { mayReadEmails } from '../accounts/user.service';
import { Representative } from './representative.entity';

@Resolver(() => Representative)
export class RepresentativeResolver {
  /** Nullable in the contract, so an OBSERVER gets null rather than an error (catalogue 57). */
  @Reads(() => Representative, 'email')
  @FieldResolver(() => String, { nullable: true, description: 'Null for an OBSERVER, who sees names, not emails.' })
  email(@Ctx() ctx: Context, @Root() representative: Representative): string | null {
    return mayReadEmails(ctx) ? representative.email : null;
  }
}
