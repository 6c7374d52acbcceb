import type { Gql } from './api';
import { ACTIVITY_PAGE, type ActivityEvent, type ActivityPage } from './queries';

/** Stop paging here; the live subscription replays whatever comes after the cursor reached. */
const MAX_PAGES = 20;

/**
 * The latest events of the organisation and the cursor of the last one. The log is served
 * oldest first with no way to start from the end, so this pages forward and keeps the tail.
 */
export async function recentActivity(gql: Gql, keep: number, after: string | null = null): Promise<{ events: ActivityEvent[]; cursor: string | null; more: boolean }> {
  let events: ActivityEvent[] = [];
  let cursor = after;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { activity } = await gql<ActivityPage>(ACTIVITY_PAGE, { after: cursor });
    events = [...events, ...activity.nodes].slice(-keep);
    cursor = activity.pageInfo.endCursor ?? cursor;
    if (!activity.pageInfo.hasNextPage) return { events, cursor, more: false };
  }
  return { events, cursor, more: true };
}
