import type { Client } from '@urql/core';
import { errorMessage } from '../api';
import { graphql } from '../gql';
import type { ActivityEvent } from '../live';

const LATEST_ACTIVITY = graphql(`
  query LatestActivity($first: Int!) {
    activity(newestFirst: true, first: $first) {
      nodes { cursor type occurredAt actor entityType summary }
    }
  }
`);

const ACTIVITY_PAGE = graphql(`
  query ActivityPage($after: String) {
    activity(first: 50, after: $after) {
      nodes { cursor type occurredAt actor entityType summary }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Stop paging here; the live subscription replays whatever comes after the cursor reached. */
const MAX_PAGES = 20;

interface Recent {
  /** Oldest first. */
  events: ActivityEvent[];
  /** The newest event's: where the live subscription goes on from. */
  cursor: string | null;
  /** More happened than `events` holds. */
  more: boolean;
}

/**
 * The latest `keep` events of the organisation, oldest first, and the cursor of the newest; or,
 * `after` a cursor (what a lost connection missed), the last `keep` of those since, paging forward.
 */
export async function recentActivity(client: Client, keep: number, after: string | null = null): Promise<Recent> {
  if (after === null) {
    const result = await client.query(LATEST_ACTIVITY, { first: keep }, { requestPolicy: 'network-only' }).toPromise();
    if (!result.data) throw new Error(result.error ? errorMessage(result.error) : 'No activity');
    const events = [...result.data.activity.nodes].reverse();
    return { events, cursor: events.at(-1)?.cursor ?? null, more: false };
  }
  let events: ActivityEvent[] = [];
  let cursor = after;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await client.query(ACTIVITY_PAGE, { after: cursor }, { requestPolicy: 'network-only' }).toPromise();
    if (!result.data) throw new Error(result.error ? errorMessage(result.error) : 'No activity');
    const { activity } = result.data;
    events = [...events, ...activity.nodes].slice(-keep);
    cursor = activity.pageInfo.endCursor ?? cursor;
    if (!activity.pageInfo.hasNextPage) return { events, cursor, more: false };
  }
  return { events, cursor, more: true };
}
