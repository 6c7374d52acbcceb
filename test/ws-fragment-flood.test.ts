import { buildOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { OPCODE, connect, maskedFrame, rawConnect, type RawConnection } from './support/ws-client';

// Catalogue 23: after a real graphql-transport-ws upgrade and connection_init, 20 sockets each send
// a text frame with FIN=0 and then 1-byte continuation frames, never ending the message. ws keeps
// every fragment until the message ends; the server caps fragments per message (src/ws/limits.ts
// MAX_FRAGMENTS, close 1008) below what the 64 KiB message limit (1009) would allow.

const server = useTestServer();
const SOCKETS = 20;
const FRAGMENTS = 130_000;
const RSS_BOUND = 64 * 1024 * 1024;

/** 130,000 masked 1-byte frames: the first opens a text message, the rest continue it, none ends it. */
function fragmentFlood(): Buffer {
  const flood = maskedFrame(OPCODE.continuation, 'a', false);
  const all = Buffer.allocUnsafe(flood.length * FRAGMENTS);
  for (let i = 0; i < FRAGMENTS; i += 1) flood.copy(all, i * flood.length);
  all[0] = OPCODE.text;
  return all;
}

describe('a flood of 1-byte fragments (catalogue 23)', () => {
  it('closes the 20 sockets (1008) with memory bounded, and keeps serving', async () => {
    const org = await buildOrganisation(server);
    const params = { authorization: `Bearer ${org.owner.token}`, organisation: org.slug };
    const sockets: RawConnection[] = await Promise.all(Array.from({ length: SOCKETS }, () => rawConnect(server.wsUrl)));
    try {
      const init = maskedFrame(OPCODE.text, JSON.stringify({ type: 'connection_init', payload: params }));
      for (const raw of sockets) raw.socket.write(init);
      for (const raw of sockets) {
        await raw.waitForFrame((frame) => frame.opcode === OPCODE.text && JSON.parse(String(frame.payload)).type === 'connection_ack');
      }

      const flood = fragmentFlood();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
      try {
        for (const raw of sockets) raw.socket.write(flood);
        // Each socket gets the server's close frame; the client answers as a client should.
        const closes = await Promise.all(
          sockets.map(async (raw) => {
            const frame = await raw.waitForFrame((candidate) => candidate.opcode === OPCODE.close, 20_000);
            raw.socket.end(maskedFrame(OPCODE.close, frame.payload.subarray(0, 2)));
            return raw.closed;
          }),
        );
        expect(closes).toEqual(Array.from({ length: SOCKETS }, () => ({ code: 1008, reason: '' })));
      } finally {
        clearInterval(sampler);
      }
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      // Unbounded, ws would keep every 1-byte fragment as a Buffer of its own: ~100 bytes each,
      // 130,000 per socket, ~260 MB in all. Capped, the 20 sockets cost next to nothing.
      expect(rssPeak - rssBefore).toBeLessThan(RSS_BOUND);
      const refused = server.logs.filter((line) => line.msg === 'WebSocket protocol error');
      expect(refused).toHaveLength(SOCKETS);
      expect(refused.every((line) => line.err.code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS')).toBe(true);
    } finally {
      for (const raw of sockets) raw.socket.destroy();
    }

    // The server still answers HTTP, and a well-behaved client still subscribes and hears events.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const socket = connect(server.wsUrl, params);
    try {
      const events = socket.subscribe(`subscription { activity { summary } }`);
      for (let round = 0; events.results.length === 0; round += 1) {
        if (round === 50) throw new Error('the subscription never got going');
        dataOf(await server.gql(`mutation { createApiKey(input: { name: "after the flood ${round}" }) { secret } }`, {}, org.as));
        await events.waitFor(1, 500).catch(() => undefined);
      }
      expect(events.results[0]?.data?.activity.summary).toMatch(/after the flood/);
    } finally {
      await socket.dispose();
    }
  });
});
