import { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, buildProject, buildStage } from './support/factories';
import { dataOf, useTestServer } from './support/harness';

// Stage.availableActions: what the page offers is what the server would accept, for the plan's
// sake and the caller's role.
const server = useTestServer();

const ACTIONS = `query ($id: ID!) { project(id: $id) { stages { title status availableActions } } }`;

describe('Stage.availableActions', () => {
  it('offers only the transitions the stage, its dependencies, its project and the caller allow, and each offered one succeeds', async () => {
    const org = await buildOrganisation(server);
    const gql = async (query: string, variables: Record<string, unknown> = {}, as = org.as) => dataOf(await server.gql(query, variables, as));
    const project = await buildProject(server, org.as, { name: 'Clinic redesign', status: 'ACTIVE' });
    const listen = await buildStage(server, org.as, { projectId: project.id, title: 'Listen' });
    await buildStage(server, org.as, { projectId: project.id, title: 'Design', dependsOnStageIds: [listen.id] });
    const actions = async (as = org.as) => (await gql(ACTIONS, { id: project.id }, as)).project.stages.map((stage: any) => [stage.title, stage.availableActions]);

    // No Start on a stage whose dependency is open.
    expect(await actions()).toEqual([
      ['Listen', ['START', 'BLOCK', 'CANCEL']],
      ['Design', ['BLOCK', 'CANCEL']],
    ]);
    await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: listen.id });
    expect(await actions()).toEqual([
      ['Listen', ['BLOCK', 'COMPLETE', 'CANCEL']],
      ['Design', ['BLOCK', 'CANCEL']],
    ]);
    await gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: listen.id } });
    expect(await actions()).toEqual([
      ['Listen', []],
      ['Design', ['START', 'BLOCK', 'CANCEL']],
    ]);

    // An OBSERVER is offered nothing; in a project ON_HOLD only what needs no ACTIVE project.
    const observer = await buildMember(server, org, Role.OBSERVER);
    expect(await actions(observer.as)).toEqual([
      ['Listen', []],
      ['Design', []],
    ]);
    await gql(`mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id } }`, { input: { id: project.id, status: 'ON_HOLD' } });
    expect(await actions()).toEqual([
      ['Listen', []],
      ['Design', ['BLOCK', 'CANCEL']],
    ]);
  });
});
