import { buildOrganisation, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';

// celebrations(projectId:) keeps one project's celebrations: the celebrations page's project
// filter pages through them as through the organisation's.
const server = useTestServer();

async function completeWith(org: TestOrganisation, projectId: string, title: string, message: string): Promise<string> {
  const stage = await buildStage(server, org.as, { projectId, title });
  dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id }, org.as));
  dataOf(await server.gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stage.id, celebration: message } }, org.as));
  return stage.id;
}

const CELEBRATIONS = `query ($projectId: ID, $after: String) {
  celebrations(projectId: $projectId, first: 2, after: $after) {
    totalCount nodes { message stage { project { name } } } pageInfo { hasNextPage endCursor }
  }
}`;

describe('celebrations of one project', () => {
  it("pages through one project's celebrations newest first, acknowledgements included, and none for another organisation's project or a non-project id", async () => {
    const org = await buildOrganisation(server);
    const clinic = await buildProject(server, org.as, { name: 'Clinic', status: 'ACTIVE' });
    const hub = await buildProject(server, org.as, { name: 'Hub', status: 'ACTIVE' });
    const listen = await completeWith(org, clinic.id, 'Listen', 'Listened');
    await completeWith(org, hub.id, 'Plan', 'Planned');
    await completeWith(org, clinic.id, 'Design', 'Designed');
    dataOf(await server.gql(`mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, { input: { stageId: listen, message: 'Thanks, all' } }, org.as));

    const first = dataOf(await server.gql(CELEBRATIONS, { projectId: clinic.id }, org.as)).celebrations;
    const second = dataOf(await server.gql(CELEBRATIONS, { projectId: clinic.id, after: first.pageInfo.endCursor }, org.as)).celebrations;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.nodes, ...second.nodes]).toEqual(['Thanks, all', 'Designed', 'Listened'].map((message) => ({ message, stage: { project: { name: 'Clinic' } } })));
    expect(dataOf(await server.gql(CELEBRATIONS, { projectId: hub.id }, org.as)).celebrations.nodes).toEqual([{ message: 'Planned', stage: { project: { name: 'Hub' } } }]);
    expect(dataOf(await server.gql(CELEBRATIONS, {}, org.as)).celebrations.totalCount).toBe(4);

    // Another organisation's project, a stage's id and a project without stages: nothing, as for an unknown id.
    const other = await buildOrganisation(server);
    const otherProject = await buildProject(server, other.as, { status: 'ACTIVE' });
    await completeWith(other, otherProject.id, 'Theirs', 'Not yours');
    const empty = await buildProject(server, org.as, { name: 'Empty' });
    for (const projectId of [otherProject.id, listen, empty.id]) {
      expect(dataOf(await server.gql(CELEBRATIONS, { projectId }, org.as)).celebrations).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });
});
