import { Client } from 'pg';
import { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, useTestServer, type Caller } from './support/harness';
import { uuidOf } from './support/ids';

const server = useTestServer();

const PROGRESS = `progress { projectId total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }`;
const OF_PROJECT = `query ($id: ID!) { node(id: $id) { ... on Project { id stages { id title isLate completedAt } ${PROGRESS} } } }`;

/** An ACTIVE project of `org` (created through GraphQL, its status set directly); its global id. */
async function createProject(org: TestOrganisation, name?: string): Promise<string> {
  return (await buildProject(server, org.as, { name, status: 'ACTIVE' })).id;
}

async function addStage(caller: Caller, projectId: string, title: string, dueDate: string | null = null): Promise<string> {
  return (await buildStage(server, caller, { projectId, title, dueDate })).id;
}

async function act(caller: Caller, mutation: 'start' | 'complete' | 'block' | 'cancel', id: string): Promise<void> {
  const documents = {
    start: [`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id }],
    complete: [`mutation ($id: ID!) { completeStage(input: { id: $id }) { id } }`, { id }],
    block: [`mutation ($id: ID!) { blockStage(input: { id: $id, reason: "Waiting" }) { id } }`, { id }],
    cancel: [`mutation ($id: ID!) { cancelStage(id: $id) { id } }`, { id }],
  } as const;
  const [query, variables] = documents[mutation];
  dataOf(await server.gql(query, variables, caller));
}

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('project progress', () => {
  it('is zero, with no last completion, for a project without stages', async () => {
    const org = await buildOrganisation(server);
    const projectId = await createProject(org);
    const observer = await buildMember(server, org, Role.OBSERVER);
    expect(dataOf(await server.gql(OF_PROJECT, { id: projectId }, observer.as)).node.progress).toEqual({
      projectId,
      total: 0,
      done: 0,
      inProgress: 0,
      blocked: 0,
      late: 0,
      percentComplete: 0,
      lastCompletedAt: null,
      daysSinceLastCompletion: null,
    });
  });

  it('counts stages not cancelled, done, in progress, blocked and late, with momentum', async () => {
    const org = await buildOrganisation(server);
    const projectId = await createProject(org);
    const past = dayOffset(-10);
    const today = dayOffset(0);
    const doneLongAgo = await addStage(org.as, projectId, 'Done long ago', past);
    const doneRecently = await addStage(org.as, projectId, 'Done recently');
    const running = await addStage(org.as, projectId, 'Running late', past);
    const blocked = await addStage(org.as, projectId, 'Blocked and late', past);
    const future = await addStage(org.as, projectId, 'Not started, due later', dayOffset(30));
    const cancelled = await addStage(org.as, projectId, 'Cancelled, past due', past);
    const dueToday = await addStage(org.as, projectId, 'Due today', today);
    for (const id of [doneLongAgo, doneRecently]) {
      await act(org.as, 'start', id);
      await act(org.as, 'complete', id);
    }
    await act(org.as, 'start', running);
    await act(org.as, 'block', blocked);
    await act(org.as, 'cancel', cancelled);
    await server.sql(`UPDATE stages SET completed_at = now() - interval '5 days' WHERE id = $1`, [uuidOf(doneLongAgo)]);
    await server.sql(`UPDATE stages SET completed_at = now() - interval '3 days 1 hour' WHERE id = $1`, [uuidOf(doneRecently)]);
    const [{ completed_at: lastCompletedAt }] = await server.sql('SELECT completed_at FROM stages WHERE id = $1', [uuidOf(doneRecently)]);

    const project = dataOf(await server.gql(OF_PROJECT, { id: projectId }, org.as)).node;
    expect(project.progress).toEqual({
      projectId,
      total: 6,
      done: 2,
      inProgress: 1,
      blocked: 1,
      late: 2,
      percentComplete: 33.3,
      lastCompletedAt: lastCompletedAt.toISOString(),
      daysSinceLastCompletion: 3,
    });
    // Progress.late agrees with Stage.isLate.
    const late = project.stages.filter((s: any) => s.isLate).map((s: any) => s.id);
    expect(late).toEqual([running, blocked]);
    expect(project.stages.map((s: any) => s.id)).toEqual([doneLongAgo, doneRecently, running, blocked, future, cancelled, dueToday]);
  });

  it('reflects each change at once, even within one request', async () => {
    const org = await buildOrganisation(server);
    const projectId = await createProject(org);
    const a = await addStage(org.as, projectId, 'A');
    await addStage(org.as, projectId, 'B');
    await addStage(org.as, projectId, 'C');
    const before = dataOf(await server.gql(OF_PROJECT, { id: projectId }, org.as)).node.progress;
    expect(before).toMatchObject({ total: 3, done: 0, percentComplete: 0 });

    const response = dataOf(
      await server.gql(
        `mutation ($id: ID!) {
          started: startStage(id: $id) { project { progress { inProgress done } } }
          completed: completeStage(input: { id: $id }) { completedAt project { ${PROGRESS} } }
        }`,
        { id: a },
        org.as,
      ),
    );
    expect(response.started.project.progress).toEqual({ inProgress: 1, done: 0 });
    expect(response.completed.project.progress).toMatchObject({
      total: 3,
      done: 1,
      inProgress: 0,
      percentComplete: 33.3,
      lastCompletedAt: response.completed.completedAt,
      daysSinceLastCompletion: 0,
    });
  });

  it('loads the progress of many projects with one aggregate query', async () => {
    const org = await buildOrganisation(server);
    const projects = [await createProject(org, 'One'), await createProject(org, 'Two'), await createProject(org, 'Three')];
    const done = await addStage(org.as, projects[0]!, 'Done');
    await act(org.as, 'start', done);
    await act(org.as, 'complete', done);
    await addStage(org.as, projects[0]!, 'Open');
    await addStage(org.as, projects[1]!, 'Open');

    const spy = jest.spyOn(Client.prototype, 'query');
    let data: any;
    let statements: string[];
    try {
      data = dataOf(
        await server.gql(
          `query ($a: ID!, $b: ID!, $c: ID!) {
            a: node(id: $a) { ... on Project { progress { projectId total done percentComplete } } }
            b: node(id: $b) { ... on Project { progress { projectId total done percentComplete } } }
            c: node(id: $c) { ... on Project { progress { projectId total done percentComplete } } }
          }`,
          { a: projects[0], b: projects[1], c: projects[2] },
          org.as,
        ),
      );
    } finally {
      // A statement is its text, or a { name, text, values } config for named statements.
      statements = spy.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : String((sql as { text?: unknown })?.text)));
      spy.mockRestore();
    }
    const aggregates = statements.filter((sql) => sql.includes('FILTER (WHERE'));
    expect(aggregates).toHaveLength(1);
    expect([data.a.progress, data.b.progress, data.c.progress]).toEqual([
      { projectId: projects[0], total: 2, done: 1, percentComplete: 50 },
      { projectId: projects[1], total: 1, done: 0, percentComplete: 0 },
      { projectId: projects[2], total: 0, done: 0, percentComplete: 0 },
    ]);
  });

  it("counts only the organisation's own stages", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const aProject = await createProject(a);
    const bProject = await createProject(b);
    await addStage(a.as, aProject, 'A1');
    await addStage(a.as, aProject, 'A2');
    await addStage(b.as, bProject, 'B1');
    expect(dataOf(await server.gql(OF_PROJECT, { id: bProject }, b.as)).node.progress.total).toBe(1);
    expect(dataOf(await server.gql(OF_PROJECT, { id: aProject }, b.as)).node).toBeNull();
  });
});
