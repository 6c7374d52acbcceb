import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader } from '../../db/tenant-loaders';
import { Partner } from './partner.entity';
import { Representative } from './representative.entity';

export function createPartnerLoaders(db: RequestDb) {
  return {
    partnerById: byIdLoader(db, Partner),
    representativesOfPartner: childrenLoader(db, Representative, 'partnerId', { createdAt: 'ASC', id: 'ASC' }),
  };
}
