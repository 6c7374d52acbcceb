import { registerEnumType } from 'type-graphql';

/** What kind of party a partner is to the partnership. */
export enum PartnerKind {
  MANAGEMENT = 'MANAGEMENT',
  STAFF = 'STAFF',
  TRADE_UNION = 'TRADE_UNION',
  SERVICE_USERS = 'SERVICE_USERS',
  CARERS = 'CARERS',
  COMMISSIONER = 'COMMISSIONER',
  OTHER = 'OTHER',
}

registerEnumType(PartnerKind, { name: 'PartnerKind', description: 'What kind of party a partner is to the partnership.' });
