import { setProjectStatus } from './support/db-state';
import { buildOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { bareConnect, connect, pause } from './support/ws-client';

// Catalogue 54: subscribers that never read. The server writes each event straight to the
// socket, so what a reader leaves unread piles up in the server's buffer for that socket: it must
// be closed at the limit (WS_MAX_BUFFERED_BYTES, default 1 MiB) while everyone else carries on.

const server = useTestServer();
const LIMIT = 1024 * 1024;
/** Readers that stop, each with this many subscriptions. */
const STUCK = 10;
const SUBSCRIPTIONS = 30;
/**
 * ~1 kB: with 15 aliases every event is a ~15 kB frame per subscription, ~450 kB per socket: a
 * burst a reader that keeps up takes in its stride, well under the limit.
 */
const DESCRIPTION = 'Consult the ward staff, then the unions, then the patients. '.repeat(17).trim();
const HEAVY = `subscription ($projectId: ID) { stageUpdated(projectId: $projectId) { type stage {
  ${Array.from({ length: 15 }, (_, i) => `d${i}: description`).join(' ')} } } }`;

describe('a subscriber that stops reading (catalogue 54)', () => {
  it('is closed (1013) once its unsent data passes the limit; the others keep receiving; memory stays bounded', async () => {
    const org = await buildOrganisation(server);
    const call = async (query: string, variables: Record<string, unknown>) => dataOf(await server.gql(query, variables, org.as));
    const projectId = (await call(`mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`, { input: { name: 'Ward move' } })).createProject.id;
    await setProjectStatus(server, projectId, 'ACTIVE');
    const stageId = (await call(`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId, title: 'Consult', description: DESCRIPTION } }))
      .addStage.id;
    // Starting and blocking the stage in turn: as many events as wanted, each carrying the stage.
    let published = 0;
    const publish = async () => {
      if (published % 2 === 0) await call(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stageId });
      else await call(`mutation ($input: BlockStageInput!) { blockStage(input: $input) { id } }`, { input: { id: stageId, reason: 'Waiting for the unions' } });
      published += 1;
    };

    const params = { authorization: `Bearer ${org.owner.token}`, organisation: org.slug };
    const stuck = await Promise.all(Array.from({ length: STUCK }, () => bareConnect(server.wsUrl, params)));
    const healthy = connect(server.wsUrl, params);
    try {
      for (const reader of stuck) for (let i = 0; i < SUBSCRIPTIONS; i += 1) reader.subscribe(`s${i}`, HEAVY, { projectId });
      const live = healthy.subscribe(HEAVY, { projectId });
      // Subscribing is asynchronous: publish until one event reached every subscription.
      const allLive = () => stuck.every((reader) => reader.received.size === SUBSCRIPTIONS) && live.results.length > 0;
      for (let round = 0; !allLive(); round += 1) {
        if (round === 50) throw new Error(`subscriptions never got going: ${stuck.map((r) => r.received.size)} ${JSON.stringify(stuck[0]!.errors)}`);
        await publish();
        await pause(200);
      }
      const warmUp = published;
      // Let the warm-up's events land. A subscription that went live after the first of them never
      // gets that one (on a loaded machine the healthy socket missed it): count from what arrived.
      await pause(500);
      const liveSkipped = warmUp - live.results.length;
      const nexts = (reader: (typeof stuck)[number]) => [...reader.received.values()].reduce((sum, count) => sum + count, 0);
      const frameBytes = stuck[0]!.bytes / nexts(stuck[0]!);
      expect(frameBytes).toBeGreaterThan(14_000);

      for (const reader of stuck) reader.socket.pause();
      const readBefore = stuck.map((reader) => reader.bytes);
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      // 80 events × 10 sockets × 30 subscriptions × ~15 kB: ~370 MB for readers that never read.
      const FLOOD = 80;
      const wouldBe = FLOOD * STUCK * SUBSCRIPTIONS * frameBytes;
      for (let i = 0; i < FLOOD; i += 1) {
        await publish();
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      const everything = await live.waitFor(warmUp - liveSkipped + FLOOD, 30_000);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      expect(everything.map((result) => result.data?.stageUpdated.type)).toEqual(
        Array.from({ length: warmUp - liveSkipped + FLOOD }, (_, i) => ((i + liveSkipped) % 2 === 0 ? 'STAGE_STARTED' : 'STAGE_BLOCKED')),
      );
      expect(everything.at(-1)?.data?.stageUpdated.stage.d14).toBe(DESCRIPTION);

      // The server gave up on each at the limit: the frame that would have passed it was not queued.
      const gaveUp = server.logs.filter((line) => line.msg === 'WebSocket reader too slow: closing');
      expect(gaveUp).toHaveLength(STUCK);
      for (const line of gaveUp) {
        expect(line.buffered).toBeLessThanOrEqual(LIMIT);
        expect(line.buffered + line.frame).toBeGreaterThan(LIMIT);
      }

      // Reading again, each gets what the kernel and the server held for it, then the close.
      for (const reader of stuck) reader.socket.resume();
      for (const [index, reader] of stuck.entries()) {
        expect(await reader.closed).toEqual({ code: 1013, reason: 'Too slow: unsent data over the limit' });
        expect(reader.bytes - readBefore[index]!).toBeLessThan(wouldBe / STUCK / 2);
      }
      // The server may hold 10 × 1 MiB for them; without the limit it would have held ~370 MB.
      const RSS_BOUND = 64 * 1024 * 1024;
      expect(wouldBe).toBeGreaterThan(5 * RSS_BOUND);
      expect(rssPeak - rssBefore).toBeLessThan(RSS_BOUND);

      // The server carries on: the healthy socket still gets events, HTTP still answers.
      await publish();
      await live.waitFor(warmUp - liveSkipped + FLOOD + 1);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      for (const reader of stuck) reader.socket.terminate();
      await healthy.dispose();
    }
  }, 90_000);
});
