import { appendBacklog, backlogSummaries } from './support/activity-backlog';
import { buildOrganisation } from './support/factories';
import { dataOf, untilSubscribed, useTestServer, type TestServer } from './support/harness';
import { bareConnect, connect, pause, type BareConnection } from './support/ws-client';
import { print } from 'graphql';
import { ActivityDocument } from '../web/src/gql/graphql';

/** The dashboard's own activity subscription (web/src/live.ts, typed in web/src/gql). */
const ACTIVITY_SUBSCRIPTION = print(ActivityDocument);

// Catalogue 60: a subscriber far behind the log. The events it missed are read from the table a
// page at a time, as it takes them, so neither a long replay nor a burst larger than any buffer
// drops an event, ends the subscription, or closes a reader that is slow but reading.

/** The smallest unsent-data limit there is (16 KiB): a replay outruns it at once. */
const LIMIT = 16 * 1024;
const server = useTestServer({ env: { WS_MAX_BUFFERED_BYTES: String(LIMIT) } });

const addKey = (name: string) => `mutation { createApiKey(input: { name: "${name}" }) { apiKey { id } } }`;
/** Ten copies of a 500-character summary: each event is a frame of about 5 kB. */
const WIDE = `subscription ($after: String) { activity(after: $after) { cursor ${Array.from({ length: 10 }, (_, i) => `s${i}: summary`).join(' ')} } }`;

async function ownerOf(s: TestServer, email: string): Promise<string> {
  const [row] = await s.sql<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
  return row!.id;
}

/** Waits for `count` next messages in all; fails at once if the server closes the socket first. */
function receive(reader: BareConnection, count: number): Promise<void> {
  const closed = reader.closed.then(({ code, reason }) => {
    throw new Error(`the server closed the socket (${code} ${reason})`);
  });
  return Promise.race([reader.waitForNext(count, 120_000), closed]);
}

/** The `s0` summaries of every `next` message `reader` receives for `id`, in order. */
function summariesOf(reader: BareConnection, id: string): string[] {
  const summaries: string[] = [];
  reader.socket.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: { data?: { activity: { s0: string } } } };
    if (message.id === id && message.type === 'next') summaries.push(message.payload?.data?.activity.s0 ?? 'no data');
  });
  return summaries;
}

describe('a subscriber far behind the log (catalogue 60)', () => {
  it('replays 2,000 wide events at the pace of a reader that stops for a while, rather than closing it, then goes live', async () => {
    const org = await buildOrganisation(server);
    const page = dataOf(await server.gql(`{ activity(first: 100) { pageInfo { endCursor } } }`, {}, org.as));
    const BACKLOG = 2_000;
    await appendBacklog(server.sql, org.uuid, await ownerOf(server, org.owner.email), BACKLOG, 500);
    const reader = await bareConnect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    const summaries = summariesOf(reader, 'replay');
    try {
      reader.subscribe('replay', WIDE, { after: page.activity.pageInfo.endCursor });
      await reader.waitForNext(1);
      // ~10 MB of replay against a 16 KiB limit: the kernel's buffers fill, then the server's.
      reader.socket.pause();
      await pause(3_000);
      reader.socket.resume();
      await receive(reader, BACKLOG);
      expect(summaries).toEqual(backlogSummaries(BACKLOG, 500));

      dataOf(await server.gql(addKey('after the replay'), {}, org.as));
      await receive(reader, BACKLOG + 1);
      expect(summaries[BACKLOG]).toBe('API key after the replay (observer) created');
      expect(reader.errors).toEqual([]);
      expect(server.logs.filter((line) => line.msg === 'WebSocket reader too slow: closing')).toEqual([]);
    } finally {
      reader.socket.terminate();
    }
  }, 180_000);

  it('delivers every event of a 3,000-event burst to a live subscription, in order, then goes on', async () => {
    const org = await buildOrganisation(server);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      // The dashboard's fields: `actor` is read per event, so the burst outruns the execution.
      const events = socket.subscribe(ACTIVITY_SUBSCRIPTION, { after: null });
      await untilSubscribed(server, org);
      // One commit of 3,000 events, then the wake-up a commit gives this process's hub: it reads
      // them 1,000 at a time and hands each read to its subscribers at once, far more than any of
      // them holds; the subscription must read the rest from the table rather than lose it.
      const BURST = 3_000;
      await appendBacklog(server.sql, org.uuid, await ownerOf(server, org.owner.email), BURST);
      server.live.hub.wake(org.uuid);
      const received = await events.waitFor(BURST, 120_000);
      expect(received.map((r) => r.data?.activity.summary)).toEqual(backlogSummaries(BURST));

      dataOf(await server.gql(addKey('after the burst'), {}, org.as));
      const all = await events.waitFor(BURST + 1);
      expect(all[BURST]?.data?.activity.summary).toBe('API key after the burst (observer) created');
      await pause(300);
      expect(events.results).toHaveLength(BURST + 1);
    } finally {
      await socket.dispose();
    }
  }, 180_000);
});
