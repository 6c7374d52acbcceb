import { print, subscribe, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { assertReplayDeclarations, replaysHistory } from './replaying';

/** One subscriber of a shared execution. Both calls must return at once: they run in the fan-out loop. */
export interface Subscriber<P> {
  /** An event's result, serialised once for every member of the group: read it, never change it. */
  next(payload: P): void;
  /** The source ended: nothing more will come. */
  complete(): void;
  /**
   * Resolves when the member can take more (its reader caught up); null when it can now. Only an
   * execution of its own waits for it: see {@link SubscriptionRequest}.
   */
  drained?(): Promise<void> | null;
}

/** What decides whether two subscriptions can share an execution, and how to start one. */
export interface SubscriptionRequest {
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
  organisationId: string;
  role: string;
  /** Builds the context the execution runs in; called only when no alike execution is live. */
  openContext(): Promise<Context>;
  /**
   * Called once per event the execution delivers, whatever its audience: what it charges is the
   * work of one execution. The execution's opener's is used for every alike subscriber.
   */
  charge(): void;
}

/** A member's place in a group: `leave` is idempotent. */
export interface Membership {
  leave(): void;
}

interface Group<P> {
  members: Set<Subscriber<P>>;
  /**
   * A replay's execution, which shares with no one: it waits for its member to take each event
   * before reading the next, so it goes at its reader's pace. A shared one never waits: one slow
   * reader must not hold back the others, and is closed at its limit instead (src/ws/).
   */
  paced: boolean;
  /** The source finished (or failed). */
  ended: boolean;
  /** The last member left and the source was stopped. */
  closed: boolean;
  /** Ends the shared source: when the last member leaves. */
  close(): void;
}

let unshared = 0;

/** Subscriptions that may share one execution: same document, variables, organisation and role. */
function groupKey(request: SubscriptionRequest, own: boolean): string {
  return JSON.stringify([own ? (unshared += 1) : 0, request.organisationId, request.role, request.operationName ?? null, print(request.document), request.variableValues ?? null]);
}

const NOTHING: Membership = { leave: () => undefined };

/**
 * Subscriptions shared by everything that makes them alike (document, variables, organisation,
 * role): each group has one source whose events are executed once and serialised once (by
 * `serialise`, into the transport's bytes), and the same payload is handed to every member
 * synchronously. Per member there is no queue, no promise and no copy of the result: what a slow
 * member has not read is the transport's to bound (see src/ws/). The group runs in a context of
 * its own (the first member's credentials) that takes a fresh database scope per event (see the
 * live resolvers) and gives its connection back here after each one. A subscription that asks for
 * history (declared with `@Replays`, see ./replaying.ts) runs alone, at its reader's pace.
 */
export class SharedSubscriptions<P> {
  private readonly groups = new Map<string, Promise<Group<P> | ExecutionResult>>();

  constructor(
    private readonly schema: GraphQLSchema,
    /** Turns an event's result into what every member is sent; errors are masked and logged here. */
    private readonly serialise: (result: ExecutionResult, context: Context) => P,
  ) {
    assertReplayDeclarations(schema);
  }

  /** How many distinct executions are live (for tests and the benchmark). */
  get size(): number {
    return this.groups.size;
  }

  /**
   * Joins `subscriber` to the execution alike `request`, starting one if none is live. Resolves
   * with its membership, or with the result that ended setup (errors such as NOT_FOUND): that
   * result is the same for every alike subscriber, so it is shared too. Rejects only when the
   * context cannot be built (the database is down).
   */
  async subscribe(request: SubscriptionRequest, subscriber: Subscriber<P>): Promise<Membership | ExecutionResult> {
    // A replay has a history of its own: a late joiner of a shared execution would miss it.
    const own = replaysHistory(this.schema, request);
    const key = groupKey(request, own);
    let ready = this.groups.get(key);
    if (!ready) {
      // `forget` runs only after open's first await, once `created` is in the map.
      const created: Promise<Group<P> | ExecutionResult> = this.open(request, own, () => {
        if (this.groups.get(key) === created) this.groups.delete(key);
      });
      this.groups.set(key, created);
      ready = created;
    }
    const group = await ready;
    if (!('members' in group)) return group;
    // Its last member left while this one waited: the group is forgotten, so this opens a new one.
    if (group.closed) return this.subscribe(request, subscriber);
    if (group.ended) {
      subscriber.complete();
      return NOTHING;
    }
    group.members.add(subscriber);
    return {
      leave: () => {
        if (group.members.delete(subscriber) && group.members.size === 0) group.close();
      },
    };
  }

  private async open(request: SubscriptionRequest, paced: boolean, forget: () => void): Promise<Group<P> | ExecutionResult> {
    let context: Context;
    let source: AsyncIterable<ExecutionResult> | ExecutionResult;
    try {
      context = await request.openContext();
    } catch (error) {
      forget();
      throw error;
    }
    try {
      source = await subscribe({
        schema: this.schema,
        document: request.document,
        variableValues: request.variableValues,
        operationName: request.operationName,
        contextValue: context,
      });
    } catch (error) {
      forget();
      throw error;
    } finally {
      // Setup ran in this scope: release it before waiting for events.
      await context.db.finish(true).catch(() => undefined);
    }
    if (!(Symbol.asyncIterator in source)) {
      forget();
      return source;
    }
    const iterator = source[Symbol.asyncIterator]();
    const group: Group<P> = {
      members: new Set(),
      paced,
      ended: false,
      closed: false,
      close: () => {
        group.closed = true;
        forget();
        void iterator.return?.();
      },
    };
    void this.run(group, iterator, context, request.charge, forget);
    return group;
  }

  private async run(group: Group<P>, iterator: AsyncIterator<ExecutionResult>, context: Context, charge: () => void, forget: () => void): Promise<void> {
    try {
      for (;;) {
        const next = await iterator.next();
        await context.db.finish(true).catch(() => undefined);
        if (next.done) break;
        if (group.members.size === 0) continue;
        charge();
        const payload = this.serialise(next.value, context);
        for (const member of group.members) {
          try {
            member.next(payload);
          } catch (error) {
            context.log.error({ err: error }, 'subscriber failed');
          }
        }
        if (group.paced) for (const member of group.members) await member.drained?.();
      }
    } catch (error) {
      context.log.error({ err: error }, 'shared subscription failed');
    } finally {
      forget();
      group.ended = true;
      for (const member of group.members) member.complete();
      group.members.clear();
    }
  }
}
