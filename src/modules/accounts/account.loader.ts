import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestDb } from '../../db/request-db';
import { byKey } from '../../common/loader-utils';
import { User } from './user.entity';

/** Users are global rows; members and actors of the request's organisation load through here. */
export function createAccountLoaders(db: RequestDb) {
  return {
    userById: new DataLoader<string, User | null>(async (ids) => {
      const manager = await db.manager();
      const users = await manager.find(User, { where: { id: In([...ids]) } });
      return byKey(ids, users, (u) => u.id);
    }),
  };
}
