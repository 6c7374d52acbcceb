import { Role } from '../src/auth/role';
import { errorExtensions, errorMessage } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildOrganisation, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';

// A project completes only when its plan does: COMPLETED while a stage is not DONE or CANCELLED
// is STAGES_OPEN with extensions.openStageIds (shared/api.md, "People and trustworthy records").

const server = useTestServer();

const CHANGE = `mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version } }`;
const START = `mutation ($id: ID!) { startStage(id: $id) { id status } }`;
const COMPLETE = `mutation ($id: ID!) { completeStage(input: { id: $id }) { id status } }`;
const BLOCK = `mutation ($id: ID!) { blockStage(input: { id: $id, reason: "Waiting for estates" }) { id status } }`;
const CANCEL = `mutation ($id: ID!) { cancelStage(id: $id) { id status } }`;

function complete(caller: Caller, projectId: string) {
  return server.gql(CHANGE, { input: { id: projectId, status: 'COMPLETED' } }, caller);
}

async function act(caller: Caller, mutation: string, id: string) {
  dataOf(await server.gql(mutation, { id }, caller));
}

/** An ACTIVE project whose plan has a stage in each status, in this order of position. */
async function projectWithEveryStatus(org: TestOrganisation, name = 'New mental health facility') {
  const project = await buildProject(server, org.as, { name, status: 'ACTIVE' });
  const stages = [];
  for (const title of ['Consult staff', 'Design', 'Build', 'Recruit', 'Open']) stages.push(await buildStage(server, org.as, { projectId: project.id, title }));
  const [done, notStarted, inProgress, blocked, cancelled] = stages;
  await act(org.as, START, done!.id);
  await act(org.as, COMPLETE, done!.id);
  await act(org.as, START, inProgress!.id);
  await act(org.as, BLOCK, blocked!.id);
  await act(org.as, CANCEL, cancelled!.id);
  return { project, done: done!, notStarted: notStarted!, inProgress: inProgress!, blocked: blocked!, cancelled: cancelled! };
}

describe('completing a project', () => {
  it('refuses COMPLETED while stages are open, listing them by position, and writes nothing', async () => {
    const org = await buildOrganisation(server);
    const plan = await projectWithEveryStatus(org);
    const open = [plan.notStarted.id, plan.inProgress.id, plan.blocked.id];
    const before = await tenantSnapshot(server, org.uuid);

    const refused = await complete(org.as, plan.project.id);
    expect(errorCode(refused)).toBe('STAGES_OPEN');
    expect(errorExtensions(refused)?.openStageIds).toEqual(open);
    expect(errorMessage(refused)).toMatch(/3 stages are not DONE or CANCELLED/);
    expect(refused.body.data).toBeNull();
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // From ON_HOLD too.
    dataOf(await server.gql(CHANGE, { input: { id: plan.project.id, status: 'ON_HOLD' } }, org.as));
    const onHold = await tenantSnapshot(server, org.uuid);
    const refusedOnHold = await complete(org.as, plan.project.id);
    expect(errorCode(refusedOnHold)).toBe('STAGES_OPEN');
    expect(errorExtensions(refusedOnHold)?.openStageIds).toEqual(open);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(onHold);
    dataOf(await server.gql(CHANGE, { input: { id: plan.project.id, status: 'ACTIVE' } }, org.as));

    // One by one the plan closes; the list shrinks; the last close lets the project complete.
    await act(org.as, CANCEL, plan.notStarted.id);
    expect(errorExtensions(await complete(org.as, plan.project.id))?.openStageIds).toEqual(open.filter((id) => id !== plan.notStarted.id));
    await act(org.as, COMPLETE, plan.inProgress.id);
    const last = await complete(org.as, plan.project.id);
    expect(errorExtensions(last)?.openStageIds).toEqual([plan.blocked.id]);
    expect(errorMessage(last)).toMatch(/1 stage is not DONE or CANCELLED \("Recruit"\)/);
    await act(org.as, START, plan.blocked.id);
    await act(org.as, COMPLETE, plan.blocked.id);
    const completed = dataOf(await complete(org.as, plan.project.id)).changeProjectStatus;
    expect(completed).toMatchObject({ id: plan.project.id, status: 'COMPLETED' });
    const [event] = (await activityRows(server, org.uuid)).filter((row) => row.type === 'PROJECT_STATUS_CHANGED').slice(-1);
    expect(event!.data).toEqual({ from: 'ACTIVE', to: 'COMPLETED', changes: { status: { from: 'ACTIVE', to: 'COMPLETED' } } });
  });

  it('completes a project without stages, and cancels one with open stages', async () => {
    const org = await buildOrganisation(server);
    const empty = await buildProject(server, org.as, { name: 'Nothing planned', status: 'ON_HOLD' });
    expect(dataOf(await complete(org.as, empty.id)).changeProjectStatus.status).toBe('COMPLETED');
    const plan = await projectWithEveryStatus(org, 'Dropped');
    expect(dataOf(await server.gql(CHANGE, { input: { id: plan.project.id, status: 'CANCELLED' } }, org.as)).changeProjectStatus.status).toBe('CANCELLED');
  });

  it('checks the state machine first: a PROPOSED project with open stages is INVALID_TRANSITION', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    await buildStage(server, org.as, { projectId: project.id });
    expect(errorCode(await complete(org.as, project.id))).toBe('INVALID_TRANSITION');
  });

  it('never completes a project while a stage is still open, with stage writes racing the completion', async () => {
    const org = await buildOrganisation(server);
    for (let round = 0; round < 3; round += 1) {
      const project = await buildProject(server, org.as, { name: `Race ${round}`, status: 'ACTIVE' });
      const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Only stage' });
      await act(org.as, START, stage.id);
      const [finished, completion, added] = await Promise.all([
        server.gql(COMPLETE, { id: stage.id }, org.as),
        complete(org.as, project.id),
        server.gql(`mutation ($p: ID!) { addStage(input: { projectId: $p, title: "Late addition" }) { id } }`, { p: project.id }, org.as),
      ]);
      dataOf(finished);
      if (completion.body.errors) expect(errorCode(completion)).toBe('STAGES_OPEN');
      if (added.body.errors) expect(errorCode(added)).toBe('INVALID_TRANSITION');
      const [row] = await server.sql<{ status: string; open: number }>(
        `SELECT p.status, (SELECT count(*)::int FROM stages s WHERE s.project_id = p.id AND s.status NOT IN ('DONE', 'CANCELLED')) AS open
           FROM projects p WHERE p.id = $1`,
        [project.uuid],
      );
      if (row!.status === 'COMPLETED') expect(row!.open).toBe(0);
    }
  });
});

describe('tenancy', () => {
  it("treats another organisation's project as a missing one, naming none of its stages", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const plan = await projectWithEveryStatus(a, 'MARKER-A project');
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    for (const caller of [b.as, bKey.as]) {
      const refused = await complete(caller, plan.project.id);
      expect(errorCode(refused)).toBe('NOT_FOUND');
      expect(errorExtensions(refused)?.openStageIds).toBeUndefined();
      expect(JSON.stringify(refused.body)).not.toContain('MARKER-A');
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
  });
});
