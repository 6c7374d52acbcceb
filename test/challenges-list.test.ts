import { Role } from '../src/auth/role';
import { isChallengeOverdue } from '../src/modules/challenges/challenge.service';
import { ChallengeStatus } from '../src/modules/challenges/challenge.enums';
import { tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, type TestOrganisation } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer } from './support/harness';

// Query.challenges (api.md, "People own work"): the organisation's challenges, newest first;
// `overdue: true` keeps the OPEN ones past their due date.

const server = useTestServer();

const LIST = `query ($first: Int, $after: String, $status: ChallengeStatus, $overdue: Boolean) {
  challenges(first: $first, after: $after, status: $status, overdue: $overdue) {
    totalCount
    edges { cursor node { id } }
    nodes { id description status dueDate isOverdue }
    pageInfo { hasNextPage endCursor }
  }
}`;
const PAST = '2020-01-01';
const FUTURE = '2999-12-31';

/** Two projects, a partner the owner speaks for, a principle; `raise` raises a challenge on one of the projects. */
async function world(org: TestOrganisation) {
  const projects = [await buildProject(server, org.as, { name: 'Ward' }), await buildProject(server, org.as, { name: 'Clinic' })];
  const partner = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  await buildSpokesperson(server, org, partner.id);
  const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
  const raise = async (description: string, extra: Record<string, unknown> = {}, project = projects[0]!) =>
    dataOf(
      await server.gql(
        `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
        { input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description, ...extra } },
        org.as,
      ),
    ).raiseChallenge.id as string;
  return { projects, partner, principle, raise };
}

const list = async (org: TestOrganisation, variables: Record<string, unknown> = {}) => dataOf(await server.gql(LIST, variables, org.as)).challenges;

describe('overdue challenges (pure)', () => {
  it('is OPEN with a due date before today', () => {
    const today = '2026-03-10';
    expect(isChallengeOverdue({ status: ChallengeStatus.OPEN, dueDate: '2026-03-09' }, today)).toBe(true);
    expect(isChallengeOverdue({ status: ChallengeStatus.OPEN, dueDate: '2026-03-10' }, today)).toBe(false);
    expect(isChallengeOverdue({ status: ChallengeStatus.OPEN, dueDate: null }, today)).toBe(false);
    expect(isChallengeOverdue({ status: ChallengeStatus.RESOLVED, dueDate: '2026-01-01' }, today)).toBe(false);
    expect(isChallengeOverdue({ status: ChallengeStatus.WITHDRAWN, dueDate: '2026-01-01' }, today)).toBe(false);
  });
});

describe('Query.challenges', () => {
  it("pages through the organisation's challenges newest first, over every project, and counts lazily", async () => {
    const org = await buildOrganisation(server);
    const { projects, raise } = await world(org);
    const ids: string[] = [];
    for (const [i, name] of ['C1', 'C2', 'C3', 'C4', 'C5'].entries()) ids.push(await raise(name, {}, projects[i % 2]));

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: any = await list(org, { first: 2, after });
      expect(result.totalCount).toBe(5);
      expect(result.edges.map((e: any) => e.node.id)).toEqual(result.nodes.map((n: any) => n.id));
      seen.push(...result.nodes.map((n: any) => n.description));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(['C5', 'C4', 'C3', 'C2', 'C1']);
    expect((await list(org)).nodes.map((n: any) => n.id)).toEqual([...ids].reverse());

    for (const bad of ['garbage', Buffer.from('["x","y"]').toString('base64url')]) expect(errorCode(await server.gql(LIST, { after: bad }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(LIST, { first: 101 }, org.as))).toBe('BAD_USER_INPUT');
    const counted = await countStatements(() => server.gql(`{ challenges(first: 1) { nodes { id } } }`, {}, org.as));
    const withCount = await countStatements(() => server.gql(`{ challenges(first: 1) { nodes { id } totalCount } }`, {}, org.as));
    expect(withCount).toBe(counted + 1);
  });

  it('filters by status, and with overdue: true keeps only the OPEN ones past their due date', async () => {
    const org = await buildOrganisation(server);
    const { raise } = await world(org);
    const late = await raise('Late', { dueDate: PAST });
    const notYet = await raise('Not yet', { dueDate: FUTURE });
    const undated = await raise('Undated');
    const resolvedLate = await raise('Resolved late', { dueDate: PAST });
    const withdrawnLate = await raise('Withdrawn late', { dueDate: PAST });
    const alsoLate = await raise('Also late', { dueDate: PAST, ownerUserId: org.owner.id });
    dataOf(await server.gql(`mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id } }`, { input: { id: resolvedLate, resolution: 'Sorted' } }, org.as));
    dataOf(await server.gql(`mutation ($id: ID!) { withdrawChallenge(id: $id) { id } }`, { id: withdrawnLate }, org.as));

    const overdue = await list(org, { overdue: true });
    expect(overdue.nodes).toEqual([
      { id: alsoLate, description: 'Also late', status: 'OPEN', dueDate: PAST, isOverdue: true },
      { id: late, description: 'Late', status: 'OPEN', dueDate: PAST, isOverdue: true },
    ]);
    expect(overdue.totalCount).toBe(2);
    const firstOverdue = await list(org, { overdue: true, first: 1 });
    expect(firstOverdue.nodes.map((n: any) => n.id)).toEqual([alsoLate]);
    expect((await list(org, { overdue: true, after: firstOverdue.pageInfo.endCursor })).nodes.map((n: any) => n.id)).toEqual([late]);
    expect((await list(org, { overdue: true, status: 'OPEN' })).nodes.map((n: any) => n.id)).toEqual([alsoLate, late]);
    expect(await list(org, { overdue: true, status: 'RESOLVED' })).toMatchObject({ nodes: [], totalCount: 0 });

    const open = await list(org, { status: 'OPEN' });
    expect(open.nodes.map((n: any) => n.id)).toEqual([alsoLate, undated, notYet, late]);
    expect(open.nodes.map((n: any) => n.isOverdue)).toEqual([true, false, false, true]);
    expect((await list(org, { status: 'RESOLVED' })).nodes).toEqual([{ id: resolvedLate, description: 'Resolved late', status: 'RESOLVED', dueDate: PAST, isOverdue: false }]);
    // false (or left out) filters nothing.
    expect((await list(org, { overdue: false })).totalCount).toBe(6);
    expect((await list(org)).totalCount).toBe(6);
  });

  it('is readable by OBSERVERs (users and API keys), not anonymously', async () => {
    const org = await buildOrganisation(server);
    const { raise } = await world(org);
    await raise('Seen by all', { dueDate: PAST });
    const observer = await buildMember(server, org, Role.OBSERVER);
    const key = await buildApiKey(server, org, Role.OBSERVER);
    for (const caller of [observer.as, key.as]) {
      expect(dataOf(await server.gql(LIST, { overdue: true }, caller)).challenges.nodes.map((n: any) => n.description)).toEqual(['Seen by all']);
    }
    expect(errorCode(await server.gql(LIST, {}, {}))).toBe('UNAUTHENTICATED');
  });

  it("reads what the page's nodes ask for in the page's round trip, however many there are", async () => {
    const org = await buildOrganisation(server);
    const { raise } = await world(org);
    const QUERY = `{ challenges(first: 100) { nodes {
      id isOverdue owner { name } raisedByUser { name } representative { name partner { name } } raisedBy { name } principle { title } project { name }
    } } }`;
    await raise('One', { ownerUserId: org.owner.id });
    const few = await countStatements(async () => dataOf(await server.gql(QUERY, {}, org.as)));
    for (let i = 0; i < 6; i += 1) await raise(`More ${i}`, { ownerUserId: org.owner.id, dueDate: PAST });
    let data: any;
    const many = await countStatements(async () => (data = dataOf(await server.gql(QUERY, {}, org.as))));
    expect(data.challenges.nodes).toHaveLength(7);
    expect(data.challenges.nodes[0]).toMatchObject({
      isOverdue: true,
      owner: { name: org.owner.name },
      raisedByUser: { name: org.owner.name },
      representative: { name: org.owner.name, partner: { name: 'Unison branch' } },
    });
    expect(many).toBe(few);
  });

  it("lists only the organisation's own challenges", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const aWorld = await world(a);
    await aWorld.raise('MARKER-A', { dueDate: PAST });
    const bWorld = await world(b);
    await bWorld.raise('Beta', { dueDate: PAST });
    const bKey = await buildApiKey(server, b, Role.OBSERVER);
    const aBefore = await tenantSnapshot(server, a.uuid);
    for (const caller of [b.as, bKey.as]) {
      for (const variables of [{}, { overdue: true }, { status: 'OPEN' }]) {
        const listed = dataOf(await server.gql(LIST, variables, caller)).challenges;
        expect(listed).toMatchObject({ totalCount: 1, nodes: [{ description: 'Beta' }] });
      }
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
  });
});
