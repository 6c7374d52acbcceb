import { Repeater } from '@graphql-yoga/subscription';
import type { RequestDb } from '../db/request-db';
import { ActivityEventRow } from '../modules/activity/activity-event.entity';
import type { EventHub } from './event-hub';

const REPLAY_PAGE = 500;

export interface EventStreamOptions {
  hub: EventHub;
  organisationId: string;
  /** Replay events after this seq from the table first; null for live events only. */
  after: bigint | null;
  /** A fresh database scope of the subscriber's organisation for reading the replay. */
  openDb: () => RequestDb;
  /** Which events this subscription wants. */
  filter: (event: ActivityEventRow) => boolean;
}

async function readAfter(db: RequestDb, organisationId: string, after: bigint): Promise<ActivityEventRow[]> {
  const manager = await db.manager();
  return manager
    .createQueryBuilder(ActivityEventRow, 'e')
    .where('e.organisationId = :organisationId AND e.seq > :after', { organisationId, after: after.toString() })
    .orderBy('e.seq', 'ASC')
    .limit(REPLAY_PAGE)
    .getMany();
}

/**
 * The organisation's committed events as an async iterable: first those after `after`, read from
 * the table, then live ones, with no gap and no duplicate. It registers for live events BEFORE
 * reading the replay (anything committed in between arrives twice and is dropped by seq), and
 * sequence order is commit order, so nothing can slip between the two.
 */
export function eventStream(options: EventStreamOptions): AsyncIterableIterator<ActivityEventRow> {
  const { hub, organisationId, filter } = options;
  return new Repeater<ActivityEventRow>(async (push, stop) => {
    let last: bigint | null = options.after;
    let replaying = true;
    const held: ActivityEventRow[] = [];
    const deliver = (row: ActivityEventRow) => {
      const seq = BigInt(row.seq);
      if (last !== null && seq <= last) return;
      last = seq;
      // A subscriber that stops reading fills Repeater's queue; past its limit the push rejects
      // and the subscription ends instead of buffering without bound.
      if (filter(row)) push(row).catch((error: unknown) => stop(error));
    };
    const registration = await hub.subscribe(organisationId, (row) => (replaying ? held.push(row) : deliver(row)));
    try {
      if (last === null) {
        last = registration.position;
      } else {
        for (;;) {
          const db = options.openDb();
          let page: ActivityEventRow[];
          try {
            page = await readAfter(db, organisationId, last);
          } finally {
            await db.finish(true);
          }
          page.forEach(deliver);
          if (page.length < REPLAY_PAGE) break;
        }
      }
      replaying = false;
      held.splice(0).forEach(deliver);
      await stop;
    } finally {
      registration.unsubscribe();
    }
  });
}
