import { Resolver } from 'type-graphql';
import { Partner } from './partner.entity';

@Resolver(() => Partner)
export class PartnerResolver {}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const partnerResolvers = [PartnerResolver] as const;
