import { Repeater } from '@graphql-yoga/subscription';
import { Kind, getOperationAST, print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context';

type Result = ExecutionResult;

interface Member {
  push(result: Result): void;
  end(): void;
}

interface Group {
  members: Set<Member>;
  /** Ends the shared source: when the last member leaves. */
  close(): void;
}

interface Entry {
  ready: Promise<Group | Result>;
}

let unshared = 0;

/**
 * A subscription that replays from a cursor (`after`) has a history of its own: a late joiner of a
 * shared execution would miss the replay, so it never shares.
 */
function replays(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  return (operation?.selectionSet.selections ?? []).some(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (selection.arguments ?? []).some((argument) => {
        if (argument.name.value !== 'after') return false;
        if (argument.value.kind === Kind.VARIABLE) return args.variableValues?.[argument.value.name.value] != null;
        return argument.value.kind !== Kind.NULL;
      }),
  );
}

/** Subscriptions that may share one execution: same document, variables, organisation and role. */
function groupKey(args: ExecutionArgs, context: Context): string {
  const own = replays(args) ? (unshared += 1) : 0;
  return JSON.stringify([own, context.auth.organisationId, context.auth.role, args.operationName ?? null, print(args.document), args.variableValues ?? null]);
}

/**
 * graphql-ws's `subscribe`, shared: every subscription with the same document, variables,
 * organisation and role joins one source whose events are executed once, the result handed to
 * every member, instead of executing each event once per subscriber. The group runs in its first
 * member's context, which takes a fresh database scope per event (see the live resolvers) and
 * gives its connection back here after each one, whoever is still listening.
 */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Entry>();

  /** How many distinct executions are live (for tests and the benchmark). */
  get size(): number {
    return this.groups.size;
  }

  subscribe = async (args: ExecutionArgs): Promise<AsyncIterable<Result> | Result> => {
    const context = args.contextValue as Context;
    const key = groupKey(args, context);
    let entry = this.groups.get(key);
    if (!entry) {
      const created: Entry = { ready: Promise.resolve({}) };
      created.ready = this.open(key, created, args, context);
      this.groups.set(key, created);
      entry = created;
    }
    const group = await entry.ready;
    // This member's own scope (opened to authenticate it) is not needed while it waits.
    await context.db.finish(true).catch(() => undefined);
    if (!('members' in group)) return group;
    return new Repeater<Result>(async (push, stop) => {
      const member: Member = { push: (result) => void push(result).catch((error: unknown) => stop(error)), end: () => stop() };
      group.members.add(member);
      await stop;
      group.members.delete(member);
      if (group.members.size === 0) group.close();
    });
  };

  private async open(key: string, entry: Entry, args: ExecutionArgs, context: Context): Promise<Group | Result> {
    const forget = () => {
      if (this.groups.get(key) === entry) this.groups.delete(key);
    };
    let source: AsyncIterable<Result> | Result;
    try {
      source = await subscribe(args);
    } catch (error) {
      forget();
      throw error;
    } finally {
      // Setup ran in the first member's scope: release it before waiting for events.
      await context.db.finish(true).catch(() => undefined);
    }
    if (!(Symbol.asyncIterator in source)) {
      forget();
      return source;
    }
    const iterator = source[Symbol.asyncIterator]();
    const group: Group = {
      members: new Set(),
      close: () => {
        forget();
        void iterator.return?.();
      },
    };
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          await context.db.finish(true).catch(() => undefined);
          if (next.done) break;
          for (const member of group.members) member.push(next.value);
        }
      } catch (error) {
        context.log.error({ err: error }, 'shared subscription failed');
      } finally {
        forget();
        for (const member of group.members) member.end();
      }
    })();
    return group;
  }
}
