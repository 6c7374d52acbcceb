import { parse, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { Arg, buildSchema, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { Replays, replaysHistory } from '../../src/subscriptions/replaying';
import { SharedSubscriptions, type Membership, type Subscriber } from '../../src/subscriptions/shared-subscriptions';

// Sharing is decided by what a subscription field declares (@Replays), never by its arguments'
// names: a replay whose cursor is called anything else must still run alone, or a late joiner of
// the shared execution would miss its history.

const pubSub = createPubSub<{ tick: [number] }>();

@Resolver()
class ProbeResolver {
  @Query(() => Boolean)
  ok(): boolean {
    return true;
  }

  @Subscription(() => Int, { subscribe: () => pubSub.subscribe('tick') })
  @Replays({ cursor: 'since' })
  history(@Root() n: number, @Arg('since', () => String, { nullable: true }) _since?: string): number {
    return n;
  }

  @Subscription(() => Int, { subscribe: () => pubSub.subscribe('tick') })
  @Replays()
  everything(@Root() n: number): number {
    return n;
  }

  /** Not declared: its argument is called `after`, and that alone must not make it replay. */
  @Subscription(() => Int, { subscribe: () => pubSub.subscribe('tick') })
  ticks(@Root() n: number, @Arg('after', () => String, { nullable: true }) _after?: string): number {
    return n;
  }
}

@Resolver()
class MisdeclaredResolver {
  @Query(() => Boolean)
  misdeclared(): boolean {
    return true;
  }

  @Subscription(() => Int, { subscribe: () => pubSub.subscribe('tick') })
  @Replays({ cursor: 'after' })
  elsewhere(@Root() n: number, @Arg('from', () => String, { nullable: true }) _from?: string): number {
    return n;
  }
}

const build = (resolvers: [Function, ...Function[]]) => buildSchema({ resolvers, pubSub, emitSchemaFile: false });

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await build([ProbeResolver]);
});

const replays = (source: string, variableValues?: Record<string, unknown>) => replaysHistory(schema, { document: parse(source), variableValues });

describe('replaysHistory', () => {
  it('is true when a declared cursor is given, whatever it is called', () => {
    expect(replays('subscription { history(since: "5") }')).toBe(true);
    expect(replays('subscription($s: String) { history(since: $s) }', { s: '5' })).toBe(true);
    expect(replays('subscription($s: String = "5") { history(since: $s) }')).toBe(true);
    expect(replays('subscription { h: history(since: "5") }')).toBe(true);
    expect(replays('subscription { ...F } fragment F on Subscription { history(since: "5") }')).toBe(true);
    expect(replays('subscription { ... on Subscription { history(since: "5") } }')).toBe(true);
  });

  it('is false when the declared cursor is absent or null: the subscription only goes live', () => {
    expect(replays('subscription { history }')).toBe(false);
    expect(replays('subscription { history(since: null) }')).toBe(false);
    expect(replays('subscription($s: String) { history(since: $s) }')).toBe(false);
    expect(replays('subscription($s: String) { history(since: $s) }', { s: null })).toBe(false);
  });

  it('is always true for a field declared to replay without a cursor', () => {
    expect(replays('subscription { everything }')).toBe(true);
  });

  it('ignores argument names: an undeclared field with an `after` argument does not replay', () => {
    expect(replays('subscription { ticks(after: "5") }')).toBe(false);
  });
});

describe('SharedSubscriptions', () => {
  /** A context the shared execution can run in: the probe's fields need nothing of it. */
  const context = { db: { finish: async () => undefined }, log: { error: () => undefined } } as unknown as Context;

  function request(source: string) {
    return { document: parse(source), organisationId: 'org', role: 'OWNER', openContext: async () => context, charge: () => undefined };
  }

  function subscriber(received: unknown[]): Subscriber<unknown> {
    return { next: (payload) => received.push(payload), complete: () => undefined };
  }

  async function join(shared: SharedSubscriptions<unknown>, source: string, count: number): Promise<{ received: unknown[][]; memberships: Membership[] }> {
    const received: unknown[][] = [];
    const memberships: Membership[] = [];
    for (let i = 0; i < count; i += 1) {
      received.push([]);
      const membership = await shared.subscribe(request(source), subscriber(received[i]!));
      expect(membership).toHaveProperty('leave');
      memberships.push(membership as Membership);
    }
    return { received, memberships };
  }

  it('gives each subscription that replays under a cursor not named `after` an execution of its own', async () => {
    const shared = new SharedSubscriptions<unknown>(schema, (result) => result);
    const { received, memberships } = await join(shared, 'subscription { history(since: "5") }', 2);
    expect(shared.size).toBe(2);
    pubSub.publish('tick', 1);
    while (received.some((events) => events.length === 0)) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toEqual([[{ data: { history: 1 } }], [{ data: { history: 1 } }]]);
    for (const membership of memberships) membership.leave();
    expect(shared.size).toBe(0);
  });

  it('shares one execution between alike live-only subscriptions, `after` argument or not', async () => {
    const shared = new SharedSubscriptions<unknown>(schema, (result) => result);
    const live = await join(shared, 'subscription { history }', 2);
    const named = await join(shared, 'subscription { ticks(after: "5") }', 2);
    expect(shared.size).toBe(2);
    for (const membership of [...live.memberships, ...named.memberships]) membership.leave();
    expect(shared.size).toBe(0);
  });

  it('refuses, at construction, a declared cursor that is not an argument of its field', async () => {
    const misdeclared = await build([MisdeclaredResolver]);
    expect(() => new SharedSubscriptions<unknown>(misdeclared, (result) => result)).toThrow(/Subscription\.elsewhere .*"after"/);
  });
});
