import { buildOrganisation, buildProject, buildStage } from './support/factories';
import { dataOf, useTestServer } from './support/harness';

// Celebrations are a lasting record: every completion's message and every acknowledgement since,
// per organisation (newest first, paged) and per project (under its stages).
const server = useTestServer();

describe('celebrations', () => {
  it("lists every celebration of the organisation newest first, with its stage and project, and keeps each project's under its stages", async () => {
    const org = await buildOrganisation(server);
    const gql = async (query: string, variables: Record<string, unknown> = {}) => dataOf(await server.gql(query, variables, org.as));
    const project = await buildProject(server, org.as, { name: 'Clinic redesign', status: 'ACTIVE' });
    const done: string[] = [];
    for (const title of ['Listen', 'Design']) {
      const stage = await buildStage(server, org.as, { projectId: project.id, title });
      await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id });
      await gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stage.id, celebration: `${title} done together` } });
      done.push(stage.id);
    }
    await gql(`mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, { input: { stageId: done[0], message: 'Thank you, staff side' } });

    const CELEBRATIONS = `query ($after: String) { celebrations(first: 2, after: $after) { totalCount nodes { message acknowledgedBy { name } stage { title project { name } } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await gql(CELEBRATIONS)).celebrations;
    const second = (await gql(CELEBRATIONS, { after: first.pageInfo.endCursor })).celebrations;
    expect(first.totalCount).toBe(3);
    expect([...first.nodes, ...second.nodes]).toEqual([
      { message: 'Thank you, staff side', acknowledgedBy: { name: org.owner.name }, stage: { title: 'Listen', project: { name: 'Clinic redesign' } } },
      { message: 'Design done together', acknowledgedBy: { name: org.owner.name }, stage: { title: 'Design', project: { name: 'Clinic redesign' } } },
      { message: 'Listen done together', acknowledgedBy: { name: org.owner.name }, stage: { title: 'Listen', project: { name: 'Clinic redesign' } } },
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const perProject = (await gql(`query ($id: ID!) { project(id: $id) { stages { title celebrations { message } } } }`, { id: project.id })).project.stages;
    expect(perProject).toEqual([
      { title: 'Listen', celebrations: [{ message: 'Listen done together' }, { message: 'Thank you, staff side' }] },
      { title: 'Design', celebrations: [{ message: 'Design done together' }] },
    ]);
  });
});
