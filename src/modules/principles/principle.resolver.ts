import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { outdatedAgreementsOfPrinciple } from './principle.batches';
import { Principle } from './principle.entity';
import { PrincipleSet } from './principle.enums';
import { CreatePrincipleInput, UpdatePrincipleInput } from './principle.inputs';
import { adoptPrincipleSet, createPrinciple, listPrinciples, updatePrinciple } from './principle.service';

@Resolver(() => Principle)
export class PrincipleResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => [Principle], {
    description: `The organisation's principles, ordered by position; at most ${LIST_CAPS.principlesPerOrganisation} (createPrinciple and adoptPrincipleSet refuse more: LIMIT_REACHED).`,
  })
  principles(@Ctx() ctx: Context): Promise<Principle[]> {
    return listPrinciples(ctx);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => [Principle], {
    description: `Adopts a ready-made set once (again adds nothing); returns the set's principles in order, at most ${LIST_CAPS.principlesPerOrganisation}. LIMIT_REACHED past the organisation's cap of principles.`,
  })
  adoptPrincipleSet(@Ctx() ctx: Context, @Arg('set', () => PrincipleSet) set: PrincipleSet): Promise<Principle[]> {
    return adoptPrincipleSet(ctx, set);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Principle, { description: `Appends a principle after the existing ones; LIMIT_REACHED once the organisation has ${LIST_CAPS.principlesPerOrganisation}.` })
  createPrinciple(@Ctx() ctx: Context, @Arg('input', () => CreatePrincipleInput) input: CreatePrincipleInput): Promise<Principle> {
    return createPrinciple(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Principle, {
    description: 'Changes the wording and raises the version: agreements to the earlier wording must be given again. CONFLICT when expectedVersion is given and stale.',
  })
  updatePrinciple(@Ctx() ctx: Context, @Arg('input', () => UpdatePrincipleInput) input: UpdatePrincipleInput): Promise<Principle> {
    return updatePrinciple(ctx, input);
  }

  @Reads()
  @FieldResolver(() => Int, {
    description: 'How many agreements, in any project, were given to an earlier wording of this principle: they stop counting until the partner agrees again.',
  })
  outdatedAgreements(@Ctx() ctx: Context, @Root() principle: Principle): Promise<number> {
    return ctx.read.batch(outdatedAgreementsOfPrinciple).load(principle.id);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const principleResolvers = [PrincipleResolver] as const;
