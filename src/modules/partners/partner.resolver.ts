import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { connectionType, type Page } from '../../common/pagination';
import { Role } from '../../auth/role';
import { Partner } from './partner.entity';
import { AddRepresentativeInput, CreatePartnerInput, PartnersArgs, UpdatePartnerInput } from './partner.inputs';
import { addRepresentative, createPartner, listPartners, updatePartner } from './partner.service';
import { Representative } from './representative.entity';

export const PartnerConnection = connectionType(Partner, 'Partner');

@Resolver(() => Partner)
export class PartnerResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => PartnerConnection, { description: "The organisation's partners, oldest first." })
  partners(@Ctx() ctx: Context, @Args(() => PartnersArgs) args: PartnersArgs): Promise<Page<Partner>> {
    return listPartners(ctx, args);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Partner)
  createPartner(@Ctx() ctx: Context, @Arg('input', () => CreatePartnerInput) input: CreatePartnerInput): Promise<Partner> {
    return createPartner(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Partner, { description: 'Changes a partner if it is still at expectedVersion; CONFLICT otherwise.' })
  updatePartner(@Ctx() ctx: Context, @Arg('input', () => UpdatePartnerInput) input: UpdatePartnerInput): Promise<Partner> {
    return updatePartner(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Representative, { description: `Adds a representative to a partner; LIMIT_REACHED once it has ${LIST_CAPS.representativesPerPartner}.` })
  addRepresentative(@Ctx() ctx: Context, @Arg('input', () => AddRepresentativeInput) input: AddRepresentativeInput): Promise<Representative> {
    return addRepresentative(ctx, input);
  }
}

/** Every resolver class of this feature, see the feature file. */
export const partnerResolvers = [PartnerResolver] as const;
