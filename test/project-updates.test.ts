import { Role } from '../src/auth/role';
import { APP_ROLE } from '../src/db/rls';
import { setProjectStatus, tenantSnapshot } from './support/db-state';
import { buildMember, buildOrganisation, buildProject } from './support/factories';
import { countStatements, dataOf, errorCode, untilSubscribed, useTestServer, type Caller } from './support/harness';
import { connect } from './support/ws-client';

// Project updates (issue #18): a project's health with a narrative, posted by members, kept as a
// history newest first, its latest on the project, in the activity log and live.

const server = useTestServer();

const POST = `mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id health narrative createdAt postedBy { name } project { name } } }`;
const HISTORY = `query ($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Project {
  latestUpdate { id health }
  updates(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id health narrative } }
} } }`;

const post = (caller: Caller, projectId: string, health: string, narrative: string) => server.gql(POST, { input: { projectId, health, narrative } }, caller);

describe('project updates', () => {
  it('keeps every update as a history, newest first, in pages, with the latest on the project', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { name: 'Night shelter' });
    expect(dataOf(await server.gql(HISTORY, { id: project.id }, org.as)).node).toMatchObject({ latestUpdate: null, updates: { totalCount: 0, nodes: [] } });

    const posted = [];
    for (const [health, narrative] of [
      ['ON_TRACK', 'Site agreed'],
      ['AT_RISK', '  Funding late  '],
      ['OFF_TRACK', 'Funding withdrawn'],
      ['AT_RISK', 'New funder found'],
      ['ON_TRACK', 'Back on plan'],
    ] as const) {
      posted.push(dataOf(await post(org.as, project.id, health, narrative)).postProjectUpdate);
    }
    expect(posted[1]).toMatchObject({ narrative: 'Funding late', postedBy: { name: org.owner.name }, project: { name: 'Night shelter' } });

    const first = dataOf(await server.gql(HISTORY, { id: project.id, first: 2 }, org.as)).node;
    expect(first.latestUpdate).toEqual({ id: posted[4].id, health: 'ON_TRACK' });
    expect(first.updates.totalCount).toBe(5);
    expect(first.updates.nodes.map((u: any) => u.id)).toEqual([posted[4].id, posted[3].id]);
    expect(first.updates.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(await server.gql(HISTORY, { id: project.id, first: 2, after: first.updates.pageInfo.endCursor }, org.as)).node;
    expect(second.updates.nodes.map((u: any) => u.id)).toEqual([posted[2].id, posted[1].id]);
    const third = dataOf(await server.gql(HISTORY, { id: project.id, first: 2, after: second.updates.pageInfo.endCursor }, org.as)).node;
    expect(third.updates.nodes.map((u: any) => u.id)).toEqual([posted[0].id]);
    expect(third.updates.pageInfo.hasNextPage).toBe(false);
    expect(errorCode(await server.gql(HISTORY, { id: project.id, after: 'garbage' }, org.as))).toBe('BAD_USER_INPUT');
  });

  it('reads the latest update of many projects without a statement per project', async () => {
    const org = await buildOrganisation(server);
    const LIST = `{ projects(first: 50) { nodes { name latestUpdate { health narrative postedBy { name } } } } }`;
    const one = await buildProject(server, org.as, { name: 'One' });
    dataOf(await post(org.as, one.id, 'AT_RISK', 'One'));
    const few = await countStatements(async () => dataOf(await server.gql(LIST, {}, org.as)));
    for (let i = 0; i < 5; i += 1) {
      const more = await buildProject(server, org.as, { name: `More ${i}` });
      dataOf(await post(org.as, more.id, 'ON_TRACK', `More ${i}, first`));
      dataOf(await post(org.as, more.id, 'OFF_TRACK', `More ${i}, second`));
    }
    let data: any;
    const many = await countStatements(async () => (data = dataOf(await server.gql(LIST, {}, org.as))));
    expect(data.projects.nodes).toHaveLength(6);
    expect(data.projects.nodes.find((p: any) => p.name === 'More 3').latestUpdate).toEqual({
      health: 'OFF_TRACK',
      narrative: 'More 3, second',
      postedBy: { name: org.owner.name },
    });
    expect(many).toBe(few);
  });

  it('lets members post and observers read; an observer is FORBIDDEN and writes nothing', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    dataOf(await post(member.as, project.id, 'ON_TRACK', 'Going well'));
    const before = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await post(observer.as, project.id, 'OFF_TRACK', 'Not mine to say'))).toBe('FORBIDDEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(dataOf(await server.gql(HISTORY, { id: project.id }, observer.as)).node.updates.nodes).toMatchObject([{ narrative: 'Going well' }]);
  });

  it('refuses a blank or overlong narrative on input.narrative, and an archived, completed or cancelled project', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    for (const narrative of ['', '   ', 'x'.repeat(10_001), 'nul\u0000']) {
      const answer = await post(org.as, project.id, 'ON_TRACK', narrative);
      expect(errorCode(answer)).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.extensions?.field).toBe('input.narrative');
    }
    expect(errorCode(await server.gql(POST, { input: { projectId: project.id, health: 'GREEN', narrative: 'x' } }, org.as))).toBe('BAD_USER_INPUT');

    for (const status of ['COMPLETED', 'CANCELLED']) {
      const closed = await buildProject(server, org.as, { status });
      const answer = await post(org.as, closed.id, 'ON_TRACK', 'Late news');
      expect(errorCode(answer)).toBe('INVALID_TRANSITION');
      expect(answer.body.errors?.[0]?.extensions?.projectStatus).toBe(status);
    }
    const archived = await buildProject(server, org.as);
    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: archived.id }, org.as));
    const answer = await post(org.as, archived.id, 'ON_TRACK', 'Too late');
    expect(errorCode(answer)).toBe('INVALID_TRANSITION');
    expect(answer.body.errors?.[0]?.extensions?.archived).toBe(true);
    await setProjectStatus(server, project.id, 'ON_HOLD');
    dataOf(await post(org.as, project.id, 'AT_RISK', 'Paused, still reporting'));
    expect(await server.sql('SELECT 1 FROM project_updates WHERE organisation_id = $1', [org.uuid])).toHaveLength(1);
  });

  it('logs PROJECT_UPDATE_POSTED with a summary in words, and delivers it on the activity subscription', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { name: 'Night shelter' });
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const events = socket.subscribe<any>(`subscription { activity { type entityType entityId summary actor } }`);
      await untilSubscribed(server, org);
      const update = dataOf(await post(org.as, project.id, 'AT_RISK', 'Funding is late')).postProjectUpdate;
      const [live] = await events.waitFor(1);
      const expected = {
        type: 'PROJECT_UPDATE_POSTED',
        entityType: 'ProjectUpdate',
        entityId: update.id,
        summary: 'Night shelter was reported at risk: Funding is late',
        actor: org.owner.name,
      };
      expect(live?.data?.activity).toEqual(expected);
      const log = dataOf(await server.gql(`query ($p: ID!) { activity(first: 5, projectId: $p) { nodes { type entityType entityId summary actor } } }`, { p: project.id }, org.as));
      expect(log.activity.nodes).toContainEqual(expected);
    } finally {
      await socket.dispose();
    }
  });

  it('keeps updates out of reach of the request role: no update or delete in place', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    dataOf(await post(org.as, project.id, 'ON_TRACK', 'Fine'));
    const [grants] = await server.sql<{ privileges: string[] }>(
      `SELECT array_agg(privilege_type::text ORDER BY privilege_type) AS privileges FROM information_schema.role_table_grants WHERE table_name = 'project_updates' AND grantee = $1`,
      [APP_ROLE],
    );
    expect(grants?.privileges).toEqual(['INSERT', 'SELECT']);
  });
});
