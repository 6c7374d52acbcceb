import { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, buildProject, buildStage } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

// Project.availableActions: the page's status buttons come from the server's state machine, so
// the page offers nothing the machine would refuse, and keeps no copy of it.
const server = useTestServer();

const ACTIONS = `query ($id: ID!) { project(id: $id) { status availableActions } }`;
const START = `mutation ($id: ID!) { startProject(id: $id) { status } }`;
const CHANGE = `mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { status } }`;
const TARGET: Record<string, string> = { HOLD: 'ON_HOLD', RESUME: 'ACTIVE', COMPLETE: 'COMPLETED', CANCEL: 'CANCELLED' };

describe('Project.availableActions', () => {
  it('offers the moves the status allows to a MEMBER, each of them accepted, and nothing to an OBSERVER or on an archived project', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const gql = async (query: string, variables: Record<string, unknown>, as = org.as) => dataOf(await server.gql(query, variables, as));
    const actionsOf = async (id: string, as = org.as) => (await gql(ACTIONS, { id }, as)).project;
    const act = (id: string, action: string) => (action === 'START' ? server.gql(START, { id }, org.as) : server.gql(CHANGE, { input: { id, status: TARGET[action] } }, org.as));

    // START is offered before the agreement rule is met: the refusal says what is missing.
    const proposed = await buildProject(server, org.as, { name: 'Clinic redesign' });
    expect(await actionsOf(proposed.id)).toEqual({ status: 'PROPOSED', availableActions: ['START', 'CANCEL'] });
    expect(await actionsOf(proposed.id, observer.as)).toEqual({ status: 'PROPOSED', availableActions: [] });
    expect(errorCode(await act(proposed.id, 'START'))).toBe('PRINCIPLES_NOT_AGREED');

    // Offered moves are accepted, one after another, through every status.
    const project = await buildProject(server, org.as, { name: 'Clinic redesign 2', status: 'ACTIVE' });
    expect(await actionsOf(project.id)).toEqual({ status: 'ACTIVE', availableActions: ['HOLD', 'COMPLETE', 'CANCEL'] });
    const walk: [string, string, string[]][] = [
      ['HOLD', 'ON_HOLD', ['RESUME', 'COMPLETE', 'CANCEL']],
      ['RESUME', 'ACTIVE', ['HOLD', 'COMPLETE', 'CANCEL']],
      ['COMPLETE', 'COMPLETED', []],
    ];
    for (const [action, status, next] of walk) {
      dataOf(await act(project.id, action));
      expect(await actionsOf(project.id)).toEqual({ status, availableActions: next });
    }

    // COMPLETE stays offered while stages are open: the refusal names them (STAGES_OPEN).
    const busy = await buildProject(server, org.as, { name: 'Ward move', status: 'ACTIVE' });
    await buildStage(server, org.as, { projectId: busy.id, title: 'Pack' });
    expect((await actionsOf(busy.id)).availableActions).toContain('COMPLETE');
    expect(errorCode(await act(busy.id, 'COMPLETE'))).toBe('STAGES_OPEN');
    dataOf(await act(busy.id, 'CANCEL'));
    expect(await actionsOf(busy.id)).toEqual({ status: 'CANCELLED', availableActions: [] });

    // An archived project offers nothing until restored.
    const shelved = await buildProject(server, org.as, { name: 'Shelved idea' });
    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: shelved.id }, org.as));
    expect((await actionsOf(shelved.id)).availableActions).toEqual([]);
    dataOf(await server.gql(`mutation ($id: ID!) { restore(id: $id) { id } }`, { id: shelved.id }, org.as));
    expect((await actionsOf(shelved.id)).availableActions).toEqual(['START', 'CANCEL']);
  });
});
