import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { BadInputError } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first`/`after` of every connection field; more than 100 is BAD_USER_INPUT, not clamped. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @MaxLength(500)
  after?: string | null;
}

/** Relay's PageInfo, whole: clients' pagination helpers (urql's, Apollo Client's) read all four. */
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field({ description: 'true when this page was asked for `after` a cursor: the rows up to it come before (connections page forward only).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor." })
  startCursor!: string | null;
}

/** Keyset cursors are opaque base64url JSON arrays of the sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor} with `length` parts; BAD_USER_INPUT otherwise. */
export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw new BadInputError('after is not a valid cursor', 'after');
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: PromiseLike<number>;
}

/** A promise that starts its work only when awaited: graphql awaits only the fields asked for. */
export function lazy<T>(work: () => Promise<T>): PromiseLike<T> {
  let started: Promise<T> | undefined;
  return {
    then(onFulfilled, onRejected) {
      started ??= work();
      return started.then(onFulfilled, onRejected);
    },
  };
}

/**
 * Builds a page from rows fetched with `LIMIT first + 1` (after the cursor `after`, if any): the
 * extra row only tells whether there is a next page. `totalCount` runs its query only when the
 * client asks for it.
 */
export function toPage<T>(rows: T[], page: { first: number; after?: string | null }, cursorOf: (row: T) => string, totalCount: () => Promise<number>): Page<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: page.after != null,
      startCursor: edges[0]?.cursor ?? null,
    },
    totalCount: lazy(totalCount),
  };
}

/** The Relay connection and edge types of a node type: `<Name>Connection`, `<Name>Edge`. */
export function connectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // A lazy promise (see toPage): `simple: false` keeps a resolver, so graphql awaits it.
    @Field(() => Int, { simple: false })
    totalCount!: number;
  }
  return Connection;
}
