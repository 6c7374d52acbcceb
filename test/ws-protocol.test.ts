import WebSocket from 'ws';
import { buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { bareConnect, pause, type Closed } from './support/ws-client';

// src/ws/ speaks graphql-transport-ws itself (graphql-ws's server kept per-subscription state
// and a serialisation per socket): these pin the protocol's rules and close codes, as
// graphql-ws's own server has them, and that every subscriber gets its own id on shared frames.

const server = useTestServer();

/** Opens a socket with `protocols`, sends `messages` as they are once open, resolves with the close. */
function closeAfter(messages: string[], protocols: string | string[] = 'graphql-transport-ws'): Promise<Closed> {
  return new Promise((resolve) => {
    const socket = new WebSocket(server.wsUrl, protocols);
    socket.on('open', () => messages.forEach((message) => socket.send(message)));
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on('error', () => undefined);
  });
}

const init = (org: TestOrganisation) => JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${org.owner.token}`, organisation: org.slug } });
const subscribe = (id: string) => JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { activity { summary } }' } });

describe('graphql-transport-ws', () => {
  it('closes on broken rules with graphql-ws close codes', async () => {
    const org = await buildOrganisation(server);
    expect(await closeAfter([], [])).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
    expect(await closeAfter(['{ not json'])).toEqual({ code: 4400, reason: 'Invalid message received' });
    expect(await closeAfter([JSON.stringify({ type: 'subscribe', id: '' })])).toEqual({ code: 4400, reason: 'Invalid message received' });
    expect(await closeAfter([subscribe('early')])).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(await closeAfter([init(org), init(org)])).toEqual({ code: 4429, reason: 'Too many initialisation requests' });

    const socket = await bareConnect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    socket.subscribe('twice', 'subscription { activity { summary } }');
    socket.subscribe('twice', 'subscription { activity { summary } }');
    expect(await socket.closed).toEqual({ code: 4409, reason: 'Subscriber for twice already exists' });
  });

  it('answers a ping message with a pong', async () => {
    const org = await buildOrganisation(server);
    const socket = await bareConnect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const pong = new Promise((resolve) => socket.socket.on('message', (data: Buffer) => JSON.parse(String(data)).type === 'pong' && resolve(JSON.parse(String(data)))));
      socket.socket.send(JSON.stringify({ type: 'ping', payload: { at: 1 } }));
      expect(await pong).toEqual({ type: 'pong', payload: { at: 1 } });
    } finally {
      socket.socket.terminate();
    }
  });

  it('sends each subscriber of a shared execution the event under its own id, and nothing after complete', async () => {
    const org = await buildOrganisation(server);
    const params = { authorization: `Bearer ${org.owner.token}`, organisation: org.slug };
    const [a, b] = await Promise.all([bareConnect(server.wsUrl, params), bareConnect(server.wsUrl, params)]);
    try {
      const ids = ['a-1', 'a-"quoted" ü', 'b-1'];
      a.subscribe(ids[0]!, 'subscription { activity { summary } }');
      a.subscribe(ids[1]!, 'subscription { activity { summary } }');
      b.subscribe(ids[2]!, 'subscription { activity { summary } }');
      const frames: Record<string, unknown>[] = [];
      for (const socket of [a, b]) socket.socket.on('message', (data: Buffer) => frames.push(JSON.parse(String(data))));
      const addKey = (name: string) => server.gql(`mutation { createApiKey(input: { name: "${name}" }) { secret } }`, {}, org.as).then(dataOf);
      for (let round = 0; frames.length < 3; round += 1) {
        if (round === 50) throw new Error('subscriptions never got going');
        frames.length = 0;
        await addKey(`warm-up ${round}`);
        await pause(200);
      }
      const heard = (socket: typeof a) => [...socket.received.values()].reduce((sum, count) => sum + count, 0);
      let [aHeard, bHeard] = [heard(a), heard(b)];
      frames.length = 0;
      await addKey('shared');
      await a.waitForNext(aHeard + 2);
      await b.waitForNext(bHeard + 1);
      expect(frames.map((frame) => frame.id).sort()).toEqual([...ids].sort());
      for (const frame of frames) expect(frame).toEqual({ id: frame.id, type: 'next', payload: { data: { activity: { summary: 'API key shared (observer) created' } } } });

      a.socket.send(JSON.stringify({ id: ids[0], type: 'complete' }));
      await pause(200);
      [aHeard, bHeard] = [heard(a), heard(b)];
      frames.length = 0;
      await addKey('after complete');
      await a.waitForNext(aHeard + 1);
      await b.waitForNext(bHeard + 1);
      await pause(200);
      expect(frames.map((frame) => frame.id).sort()).toEqual([ids[1], ids[2]].sort());
    } finally {
      a.socket.terminate();
      b.socket.terminate();
    }
  });
});
