import { buildSchema, execute, parse, type DocumentNode, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { planBelow } from '../src/read/read-plan';
import { belongsTo } from '../src/read/relations';

// planBelow answers for the selection real executions hand a resolver: graphql-js (mutations,
// WebSocket, an operation's first run) and graphql-jit (the HTTP queries after that). Here: does
// the selection of Group.items ask its items for the declared relation Item.owner?

class Item {
  ownerId!: string;
}
class Owner {}
belongsTo(Item, 'owner', Owner, 'ownerId');

const asksOwner = (info: GraphQLResolveInfo) => planBelow(info).nodes.some((node) => node.relation.name === 'Item.owner');

const schema: GraphQLSchema = buildSchema(`
  interface Named { name: String }
  type Item implements Named { id: ID name: String owner: Owner }
  type Owner implements Named { name: String }
  type Group { items: [Item!]! named: [Named!]! }
  type Query { group: Group }
`);

/** Each time Group.items (or Group.named) resolves: the path and whether its plan reads `owner` ahead. */
let answers: Record<string, boolean>;

function items(_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) {
  answers[`${String(info.path.prev?.key)}.${info.path.key}`] = asksOwner(info);
  return [{ id: '1', name: 'one', owner: { name: 'o' } }];
}
const groupFields = (schema.getType('Group') as GraphQLObjectType).getFields();
groupFields.items!.resolve = items;
groupFields.named!.resolve = items;
(schema.getType('Named') as GraphQLInterfaceType).resolveType = () => 'Item';
const root = { group: {} };

type Executor = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, boolean>>;

// Each query text is parsed (and compiled) once, as Apollo's document cache and jit-executor.ts
// do: the same field nodes come back on every run, with whatever variables.
const documents = new Map<string, DocumentNode>();
const documentOf = (source: string) => documents.get(source) ?? documents.set(source, parse(source)).get(source)!;
const compiledQueries = new Map<string, CompiledQuery>();

function compiled(source: string): CompiledQuery {
  let query = compiledQueries.get(source);
  if (!query) {
    const result = compileQuery(schema, documentOf(source));
    if (!isCompiledQuery(result)) throw new Error(JSON.stringify(result));
    compiledQueries.set(source, (query = result));
  }
  return query;
}

const executors: [string, Executor][] = [
  [
    'graphql-js',
    async (source, variableValues) => {
      answers = {};
      const result = await execute({ schema, document: documentOf(source), rootValue: root, variableValues });
      expect(result.errors).toBeUndefined();
      return answers;
    },
  ],
  [
    'graphql-jit',
    async (source, variableValues) => {
      answers = {};
      const result = await compiled(source).query(root, {}, variableValues ?? {});
      expect(result.errors).toBeUndefined();
      return answers;
    },
  ],
];

describe.each(executors)('planBelow under %s', (_, run) => {
  it('sees a field asked directly or under an alias, the same on every run', async () => {
    expect(await run(`{ group { items { id owner { name } } } }`)).toEqual({ 'group.items': true });
    expect(await run(`{ group { items { id owner { name } } } }`)).toEqual({ 'group.items': true });
    expect(await run(`{ group { items { id who: owner { name } } } }`)).toEqual({ 'group.items': true });
    expect(await run(`{ group { list: items { id } } }`)).toEqual({ 'group.list': false });
  });

  it('looks one level down only', async () => {
    expect(await run(`{ group { items { id } named { name } } }`)).toEqual({ 'group.items': false, 'group.named': false });
  });

  it('sees through inline fragments and named fragment spreads, nested', async () => {
    expect(await run(`{ group { items { ... { owner { name } } } } }`)).toEqual({ 'group.items': true });
    expect(await run(`{ group { items { ... on Item { owner { name } } } } }`)).toEqual({ 'group.items': true });
    expect(await run(`{ group { items { ...A } } } fragment A on Item { ... on Named { ...B } } fragment B on Item { o: owner { name } }`)).toEqual({
      'group.items': true,
    });
    expect(await run(`{ group { items { ...A } } } fragment A on Item { id name }`)).toEqual({ 'group.items': false });
  });

  it('counts a fragment on any type an abstract field can return', async () => {
    expect(await run(`{ group { named { ... on Item { owner { name } } } } }`)).toEqual({ 'group.named': true });
    expect(await run(`{ group { named { ... on Owner { name } } } }`)).toEqual({ 'group.named': false });
  });

  it('merges the nodes of a field asked twice, and keeps apart two places sharing a fragment', async () => {
    expect(await run(`{ group { items { id } items { owner { name } } } }`)).toEqual({ 'group.items': true });
    const shared = `{ a: group { ...F items { owner { name } } } b: group { ...F } } fragment F on Group { items { id } }`;
    expect(await run(shared)).toEqual({ 'a.items': true, 'b.items': false });
  });

  it('leaves out what @skip and @include leave out, with literals and with variables', async () => {
    expect(await run(`{ group { items { id owner @skip(if: true) { name } } } }`)).toEqual({ 'group.items': false });
    expect(await run(`{ group { items { id ... @include(if: false) { owner { name } } } } }`)).toEqual({ 'group.items': false });
    const query = `query ($with: Boolean!) { group { items { id owner @include(if: $with) { name } } } }`;
    expect(await run(query, { with: false })).toEqual({ 'group.items': false });
    expect(await run(query, { with: true })).toEqual({ 'group.items': true });
    expect(await run(query, { with: false })).toEqual({ 'group.items': false });
  });
});
