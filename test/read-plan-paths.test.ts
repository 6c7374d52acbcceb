import { buildSchema, execute, parse, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { planBelow, type PlanNode } from '../src/read/read-plan';
import { belongsTo, hasMany } from '../src/read/relations';

// planBelow through a connection's nodes or edges, as the projects page asks it
// (src/modules/projects/project.service.ts), under both executors: which declared relations the
// page's nodes will be asked, level by level.

class Project {
  id!: string;
}
class Stage {
  projectId!: string;
  ownerId!: string;
}
class Owner {
  kindId!: string;
}
class Kind {}
hasMany(Project, 'stages', Stage, 'projectId', { order: {}, cap: 10 });
belongsTo(Stage, 'owner', Owner, 'ownerId');
belongsTo(Owner, 'kind', Kind, 'kindId');

/** Whether the plan reads `path` of relations ahead, each below the one before. */
function reads(nodes: readonly PlanNode[], ...path: string[]): boolean {
  const [first, ...rest] = path;
  const node = nodes.find((candidate) => candidate.relation.field === first);
  return node !== undefined && (rest.length === 0 || reads(node.below, ...rest));
}

const schema = buildSchema(`
  type Owner { name: String kind: String }
  type Stage { title: String owner: Owner }
  type Project { id: ID stages: [Stage!]! }
  type Edge { node: Project! }
  type Connection { nodes: [Project!]! edges: [Edge!]! }
  type Query { projects: Connection }
`);

/** What each question said when Query.projects last resolved. */
let said: Record<string, boolean>;
(schema.getType('Query') as GraphQLObjectType).getFields().projects!.resolve = (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => {
  const plan = planBelow(info, [['nodes'], ['edges', 'node']]).nodes;
  said = {
    stages: reads(plan, 'stages'),
    owner: reads(plan, 'stages', 'owner'),
    kind: reads(plan, 'stages', 'owner', 'kind'),
    viaNodes: reads(planBelow(info, [['nodes']]).nodes, 'stages', 'owner'),
  };
  const project = { id: '1', stages: [{ title: 't', owner: { name: 'n', kind: 'k' } }] };
  return { nodes: [project], edges: [{ node: project }] };
};

const documents = new Map<string, ReturnType<typeof parse>>();
const documentOf = (source: string) => documents.get(source) ?? documents.set(source, parse(source)).get(source)!;
const compiled = new Map<string, CompiledQuery>();

const executors: [string, (source: string, variables?: Record<string, unknown>) => Promise<Record<string, boolean>>][] = [
  [
    'graphql-js',
    async (source, variableValues) => {
      const result = await execute({ schema, document: documentOf(source), rootValue: {}, variableValues });
      expect(result.errors).toBeUndefined();
      return said;
    },
  ],
  [
    'graphql-jit',
    async (source, variables) => {
      let query = compiled.get(source);
      if (!query) {
        const result = compileQuery(schema, documentOf(source));
        if (!isCompiledQuery(result)) throw new Error(JSON.stringify(result));
        compiled.set(source, (query = result));
      }
      const result = await query.query({}, {}, variables ?? {});
      expect(result.errors).toBeUndefined();
      return said;
    },
  ],
];

describe.each(executors)('planBelow down a path under %s', (_, run) => {
  it('follows the path through nodes or edges, every name on the way', async () => {
    expect(await run(`{ projects { nodes { id } } }`)).toEqual({ stages: false, owner: false, kind: false, viaNodes: false });
    expect(await run(`{ projects { nodes { stages { title } } } }`)).toEqual({ stages: true, owner: false, kind: false, viaNodes: false });
    expect(await run(`{ projects { edges { node { stages { owner { name } } } } } }`)).toEqual({ stages: true, owner: true, kind: false, viaNodes: false });
    expect(await run(`{ projects { nodes { stages { owner { kind } } } } }`)).toEqual({ stages: true, owner: true, kind: true, viaNodes: true });
    // A name at another depth is not the path.
    expect(await run(`{ projects { edges { node { id } } nodes { id } } }`)).toEqual({ stages: false, owner: false, kind: false, viaNodes: false });
  });

  it('takes any alias of a field that goes on down the path', async () => {
    const both = `{ projects { nodes { a: stages { title } b: stages { lead: owner { name } } } } }`;
    expect(await run(both)).toEqual({ stages: true, owner: true, kind: false, viaNodes: true });
  });

  it('sees through fragments at every depth, each spread once per depth', async () => {
    const query = `{ projects { ...Page nodes { ...Card } } }
      fragment Page on Connection { edges { node { ...Card } } }
      fragment Card on Project { stages { ... on Stage { owner { ...Who } } } }
      fragment Who on Owner { kind }`;
    expect(await run(query)).toEqual({ stages: true, owner: true, kind: true, viaNodes: true });
    const twice = `{ projects { nodes { ...A ...A } } } fragment A on Project { id stages { ...B ...B } } fragment B on Stage { title }`;
    expect(await run(twice)).toEqual({ stages: true, owner: false, kind: false, viaNodes: false });
  });

  it('leaves out what @skip and @include leave out, at any depth, per request', async () => {
    const query = `query ($with: Boolean!) { projects { nodes { stages @include(if: $with) { owner { name } } } } }`;
    for (const value of [false, true, false]) {
      expect(await run(query, { with: value })).toEqual({ stages: value, owner: value, kind: false, viaNodes: value });
    }
    expect(await run(`{ projects { nodes { stages { owner @skip(if: true) { name } } } } }`)).toEqual({ stages: true, owner: false, kind: false, viaNodes: false });
  });
});
