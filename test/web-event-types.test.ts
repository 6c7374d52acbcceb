import { ACTIVITY_EVENT_TYPES } from '../src/events/event-types';
import { TYPE_GROUPS } from '../web/src/activity/event-types';

// The web app groups the activity log's types for people (the activity filter, the webhooks
// form). Its groups are a list of their own, in the browser's bundle: a type the server adds and
// the groups miss could be neither filtered nor chosen for a webhook.
describe("the web app's groups of activity event types", () => {
  it('hold every type the server records, each once, and nothing else', () => {
    const grouped = Object.values(TYPE_GROUPS).flatMap((group) => group.types);
    expect([...grouped].sort()).toEqual([...ACTIVITY_EVENT_TYPES].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});
