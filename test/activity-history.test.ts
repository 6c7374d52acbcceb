import { buildOrganisation, buildProject, buildStage } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';
import { missingId } from './support/ids';

// The activity page's reads: newest first with paging back through history, one project's events,
// some types' events, and the project each event belongs to.
const server = useTestServer();

const ACTIVITY = `query ($first: Int, $after: String, $newestFirst: Boolean, $projectId: ID, $types: [String!]) {
  activity(first: $first, after: $after, newestFirst: $newestFirst, projectId: $projectId, types: $types) {
    totalCount nodes { type summary project { id name } } edges { cursor } pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}`;

describe('activity history', () => {
  it("pages back through history newest first, filters by project and by type, and names each event's project", async () => {
    const org = await buildOrganisation(server);
    const ward = await buildProject(server, org.as, { name: 'Ward redesign' });
    const rota = await buildProject(server, org.as, { name: 'Rota pilot' });
    for (const title of ['One', 'Two', 'Three']) await buildStage(server, org.as, { projectId: ward.id, title });
    await buildStage(server, org.as, { projectId: rota.id, title: 'Elsewhere' });
    const read = async (variables: Record<string, unknown>) => dataOf(await server.gql(ACTIVITY, variables, org.as)).activity;

    // Newest first, two at a time, back to the start.
    const summaries: string[] = [];
    let page = await read({ first: 2, newestFirst: true });
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    for (;;) {
      summaries.push(...page.nodes.map((node: any) => node.summary));
      // Relay's PageInfo, whole.
      expect(page.pageInfo).toMatchObject({ startCursor: page.edges[0].cursor, endCursor: page.edges.at(-1).cursor });
      if (!page.pageInfo.hasNextPage) break;
      page = await read({ first: 2, newestFirst: true, after: page.pageInfo.endCursor });
      expect(page.pageInfo.hasPreviousPage).toBe(true);
    }
    const oldestFirst = (await read({ first: 100 })).nodes.map((node: any) => node.summary);
    expect(summaries).toEqual([...oldestFirst].reverse());
    expect(oldestFirst).toHaveLength(7); // the organisation, two projects, four stages

    const ward1 = await read({ first: 100, newestFirst: true, projectId: ward.id });
    expect(ward1.nodes.map((node: any) => node.summary)).toEqual(['Added stage "Three"', 'Added stage "Two"', 'Added stage "One"', expect.stringContaining('Ward redesign')]);
    expect(ward1.nodes.every((node: any) => node.project.id === ward.id && node.project.name === 'Ward redesign')).toBe(true);
    expect(ward1.totalCount).toBe(4);

    const added = await read({ first: 100, types: ['STAGE_ADDED'], projectId: rota.id });
    expect(added.nodes).toEqual([{ type: 'STAGE_ADDED', summary: 'Added stage "Elsewhere"', project: { id: rota.id, name: 'Rota pilot' } }]);
    expect(added.totalCount).toBe(1);
    const created = await read({ types: ['ORGANISATION_CREATED', 'PROJECT_CREATED'] });
    expect(created.nodes.map((node: any) => [node.type, node.project?.name ?? null])).toEqual([
      ['ORGANISATION_CREATED', null],
      ['PROJECT_CREATED', 'Ward redesign'],
      ['PROJECT_CREATED', 'Rota pilot'],
    ]);

    // A project that is not the organisation's keeps nothing; a type that does not exist is BAD_USER_INPUT.
    expect(await read({ projectId: missingId('Project') })).toMatchObject({ totalCount: 0, nodes: [] });
    expect(await read({ projectId: 'not-an-id' })).toMatchObject({ totalCount: 0, nodes: [] });
    expect(errorCode(await server.gql(ACTIVITY, { types: ['STAGE_EXPLODED'] }, org.as))).toBe('BAD_USER_INPUT');
  });
});
