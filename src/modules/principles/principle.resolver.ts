import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../organisations/role';
import { Principle } from './principle.entity';
import { PrincipleSet } from './principle.enums';
import { CreatePrincipleInput, UpdatePrincipleInput } from './principle.inputs';
import { adoptPrincipleSet, createPrinciple, listPrinciples, updatePrinciple } from './principle.service';

@Resolver(() => Principle)
export class PrincipleResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => [Principle], { description: "The organisation's principles, ordered by position." })
  principles(@Ctx() ctx: Context): Promise<Principle[]> {
    return listPrinciples(ctx);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => [Principle], { description: "Adopts a ready-made set once (again adds nothing); returns the set's principles in order." })
  adoptPrincipleSet(@Ctx() ctx: Context, @Arg('set', () => PrincipleSet) set: PrincipleSet): Promise<Principle[]> {
    return adoptPrincipleSet(ctx, set);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Principle, { description: 'Appends a principle after the existing ones.' })
  createPrinciple(@Ctx() ctx: Context, @Arg('input', () => CreatePrincipleInput) input: CreatePrincipleInput): Promise<Principle> {
    return createPrinciple(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Principle)
  updatePrinciple(@Ctx() ctx: Context, @Arg('input', () => UpdatePrincipleInput) input: UpdatePrincipleInput): Promise<Principle> {
    return updatePrinciple(ctx, input);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const principleResolvers = [PrincipleResolver] as const;
