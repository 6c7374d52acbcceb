import { Role } from '../src/auth/role';
import { todayUtc } from '../src/modules/stages/progress';
import { tenantSnapshot } from './support/db-state';
import {
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildSpokesperson,
  buildStage,
  involvePartner,
  type TestOrganisation,
} from './support/factories';
import { countStatements, dataOf, errorCode, untilSubscribed, useTestServer, type Caller } from './support/harness';
import { missingId } from './support/ids';
import { connect } from './support/ws-client';

// The decision log (issue #18): decisions of a project with their day, text, the partners who
// agreed and what they concern, per project and per organisation, in the activity log and live.

const server = useTestServer();

const RECORD = `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) {
  id decidedOn text createdAt recordedBy { name } project { name }
  agreedBy { name } stages { title } challenges { description } principles { title }
} }`;
const LIST = `query ($projectId: ID, $first: Int, $after: String) { decisions(projectId: $projectId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id text agreedBy { name } }
} }`;

async function world(org: TestOrganisation) {
  const unison = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const board = await buildPartner(server, org.as, { name: 'Trust board' });
  const principle = await buildPrinciple(server, org.as, { title: 'Early involvement' });
  const project = await buildProject(server, org.as, { name: 'Night shelter' });
  await involvePartner(server, org.as, { projectId: project.id, partnerId: unison.id, role: 'MEMBER' });
  const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Find a site' });
  await buildSpokesperson(server, org, unison.id);
  const challenge = dataOf(
    await server.gql(
      `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
      {
        input: { projectId: project.id, raisedByPartnerId: unison.id, principleId: principle.id, description: 'Staff not asked' },
      },
      org.as,
    ),
  ).raiseChallenge;
  return { unison, board, principle, project, stage, challenge };
}

const record = (caller: Caller, input: Record<string, unknown>) => server.gql(RECORD, { input }, caller);

describe('decision log', () => {
  it('records a decision with who agreed and what it concerns, listed per project and per organisation, newest first', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const decision = dataOf(
      await record(org.as, {
        projectId: w.project.id,
        decidedOn: '2026-03-02',
        text: '  Lease the Mill Street site  ',
        agreedByPartnerIds: [w.unison.id, w.board.id, w.unison.id],
        stageIds: [w.stage.id],
        challengeIds: [w.challenge.id],
        principleIds: [w.principle.id],
      }),
    ).recordDecision;
    expect(decision).toMatchObject({
      decidedOn: '2026-03-02',
      text: 'Lease the Mill Street site',
      recordedBy: { name: org.owner.name },
      project: { name: 'Night shelter' },
      agreedBy: [{ name: 'Trust board' }, { name: 'Unison branch' }],
      stages: [{ title: 'Find a site' }],
      challenges: [{ description: 'Staff not asked' }],
      principles: [{ title: 'Early involvement' }],
    });

    const other = await buildProject(server, org.as, { name: 'Other' });
    const ids = [decision.id];
    for (let i = 0; i < 3; i += 1) {
      ids.push(dataOf(await record(org.as, { projectId: w.project.id, decidedOn: todayUtc(), text: `Next ${i}`, agreedByPartnerIds: [w.board.id] })).recordDecision.id);
    }
    const elsewhere = dataOf(await record(org.as, { projectId: other.id, decidedOn: todayUtc(), text: 'Elsewhere', agreedByPartnerIds: [w.board.id] })).recordDecision;

    const all = dataOf(await server.gql(LIST, {}, org.as)).decisions;
    expect(all.nodes.map((d: any) => d.id)).toEqual([elsewhere.id, ...[...ids].reverse()]);
    const page = dataOf(await server.gql(LIST, { projectId: w.project.id, first: 3 }, org.as)).decisions;
    expect(page.totalCount).toBe(4);
    expect(page.nodes.map((d: any) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(await server.gql(LIST, { projectId: w.project.id, first: 3, after: page.pageInfo.endCursor }, org.as)).decisions;
    expect(rest.nodes.map((d: any) => d.id)).toEqual([ids[0]]);
    const onProject = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Project { decisions(first: 2) { nodes { text } } } } }`, { id: other.id }, org.as));
    expect(onProject.node.decisions.nodes).toEqual([{ text: 'Elsewhere' }]);
    expect(dataOf(await server.gql(LIST, { projectId: missingId('Project') }, org.as)).decisions.nodes).toEqual([]);
  });

  it('lists decisions with their partners and links in the same number of statements however many there are', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const QUERY = `{ decisions(first: 50) { nodes { text agreedBy { name } stages { title } principles { title } challenges { description } recordedBy { name } project { name } } } }`;
    const add = (text: string) =>
      record(org.as, {
        projectId: w.project.id,
        decidedOn: '2026-01-05',
        text,
        agreedByPartnerIds: [w.unison.id, w.board.id],
        stageIds: [w.stage.id],
        principleIds: [w.principle.id],
      });
    dataOf(await add('One'));
    const few = await countStatements(async () => dataOf(await server.gql(QUERY, {}, org.as)));
    for (let i = 0; i < 6; i += 1) dataOf(await add(`More ${i}`));
    let data: any;
    const many = await countStatements(async () => (data = dataOf(await server.gql(QUERY, {}, org.as))));
    expect(data.decisions.nodes).toHaveLength(7);
    expect(data.decisions.nodes[0]).toMatchObject({
      agreedBy: [{ name: 'Trust board' }, { name: 'Unison branch' }],
      stages: [{ title: 'Find a site' }],
      principles: [{ title: 'Early involvement' }],
    });
    expect(many).toBe(few);
  });

  it('lets members record and observers read; an observer is FORBIDDEN and writes nothing', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    dataOf(await record(member.as, { projectId: w.project.id, decidedOn: '2026-01-05', text: 'By a member', agreedByPartnerIds: [w.board.id] }));
    const before = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await record(observer.as, { projectId: w.project.id, decidedOn: '2026-01-05', text: 'Not mine', agreedByPartnerIds: [w.board.id] }))).toBe('FORBIDDEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(dataOf(await server.gql(LIST, {}, observer.as)).decisions.nodes).toMatchObject([{ text: 'By a member' }]);
  });

  it('refuses bad input with its field, foreign links as NOT_FOUND, and an archived project, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const base = { projectId: w.project.id, decidedOn: '2026-01-05', text: 'Decided', agreedByPartnerIds: [w.board.id] };
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    const otherProject = await buildProject(server, org.as);
    const otherStage = await buildStage(server, org.as, { projectId: otherProject.id });
    const before = await tenantSnapshot(server, org.uuid);
    for (const [change, field] of [
      [{ text: '   ' }, 'input.text'],
      [{ text: 'x'.repeat(10_001) }, 'input.text'],
      [{ agreedByPartnerIds: [] }, 'input.agreedByPartnerIds'],
      [{ decidedOn: tomorrow }, 'input.decidedOn'],
    ] as const) {
      const answer = await record(org.as, { ...base, ...change });
      expect([field, errorCode(answer)]).toEqual([field, 'BAD_USER_INPUT']);
      expect(answer.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(errorCode(await record(org.as, { ...base, decidedOn: '2026-02-30' }))).toBe('BAD_USER_INPUT');

    for (const change of [
      { agreedByPartnerIds: [w.board.id, missingId('Partner')] },
      { stageIds: [otherStage.id] },
      { stageIds: [missingId('Stage')] },
      { challengeIds: [missingId('Challenge')] },
      { principleIds: [missingId('Principle')] },
      { projectId: missingId('Project') },
      { agreedByPartnerIds: [w.principle.id] },
    ]) {
      expect(errorCode(await record(org.as, { ...base, ...change }))).toBe('NOT_FOUND');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: w.board.id }, org.as));
    const archivedPartner = await record(org.as, base);
    expect(errorCode(archivedPartner)).toBe('BAD_USER_INPUT');
    expect(archivedPartner.body.errors?.[0]?.extensions?.field).toBe('input.agreedByPartnerIds');
    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: w.project.id }, org.as));
    const archived = await record(org.as, { ...base, agreedByPartnerIds: [w.unison.id] });
    expect(errorCode(archived)).toBe('INVALID_TRANSITION');
    expect(archived.body.errors?.[0]?.extensions?.archived).toBe(true);
    expect(await server.sql('SELECT 1 FROM decisions WHERE organisation_id = $1', [org.uuid])).toHaveLength(0);
  });

  it("answers another organisation's ids exactly as missing ones, and changes nothing of it", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const inA = await world(a);
    const inB = await world(b);
    dataOf(await record(a.as, { projectId: inA.project.id, decidedOn: '2026-01-05', text: 'MARKER-A decision', agreedByPartnerIds: [inA.board.id] }));
    const before = await tenantSnapshot(server, a.uuid);
    const base = { projectId: inB.project.id, decidedOn: '2026-01-05', text: 'Decided', agreedByPartnerIds: [inB.board.id] };
    const cases: Array<[string, (id: string) => Record<string, unknown>]> = [
      ['Project', (id) => ({ ...base, projectId: id })],
      ['Partner', (id) => ({ ...base, agreedByPartnerIds: [id] })],
      ['Stage', (id) => ({ ...base, stageIds: [id] })],
      ['Challenge', (id) => ({ ...base, challengeIds: [id] })],
      ['Principle', (id) => ({ ...base, principleIds: [id] })],
    ];
    const foreign: Record<string, string> = { Project: inA.project.id, Partner: inA.board.id, Stage: inA.stage.id, Challenge: inA.challenge.id, Principle: inA.principle.id };
    for (const [type, input] of cases) {
      const answer = await record(b.as, input(foreign[type]!));
      expect([type, errorCode(answer)]).toEqual([type, 'NOT_FOUND']);
      expect(answer.body).toEqual((await record(b.as, input(missingId(type)))).body);
    }
    const listed = await server.gql(LIST, { projectId: inA.project.id }, b.as);
    expect(dataOf(listed).decisions.nodes).toEqual([]);
    expect(JSON.stringify((await server.gql(LIST, {}, b.as)).body)).not.toContain('MARKER-A');
    expect(await tenantSnapshot(server, a.uuid)).toEqual(before);
  });

  it('logs DECISION_RECORDED with a summary in words, and delivers it on the activity subscription', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const events = socket.subscribe<any>(`subscription { activity { type entityType entityId summary actor } }`);
      await untilSubscribed(server, org);
      const decision = dataOf(
        await record(org.as, { projectId: w.project.id, decidedOn: '2026-03-02', text: 'Lease the site', agreedByPartnerIds: [w.unison.id, w.board.id] }),
      ).recordDecision;
      const [live] = await events.waitFor(1);
      const expected = {
        type: 'DECISION_RECORDED',
        entityType: 'Decision',
        entityId: decision.id,
        summary: 'Night shelter: decided on 2026-03-02, agreed by Trust board, Unison branch: Lease the site',
        actor: org.owner.name,
      };
      expect(live?.data?.activity).toEqual(expected);
      const log = dataOf(
        await server.gql(`query ($p: ID!) { activity(first: 20, projectId: $p) { nodes { type entityType entityId summary actor } } }`, { p: w.project.id }, org.as),
      );
      expect(log.activity.nodes).toContainEqual(expected);
    } finally {
      await socket.dispose();
    }
  });
});
