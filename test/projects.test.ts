import { Role } from '../src/auth/role';
import { ProjectStatus } from '../src/modules/projects/project.enums';
import { missingAgreements, sortAgreements } from '../src/modules/projects/project.agreements';
import { isReadOnlyStatus, projectTransition } from '../src/modules/projects/project.transitions';
import { errorExtensions, errorField, errorMessage } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, type TestOrganisation } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

// This file's queries read every relation at once, each list priced at its cap (catalogue 58): far
// more than the dashboard's own queries (web/src/gql), which fit the default limit.
const server = useTestServer({ env: { QUERY_MAX_COST: '10000000' } });

const PROJECT_FIELDS = `id name summary goals status startDate targetDate version`;
const CREATE = `mutation ($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { ${PROJECT_FIELDS} } }`;
const INVOLVE = `mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name } } } }`;
const SET_PRINCIPLES = `mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position } } }`;
const AGREE = `mutation ($input: RecordAgreementInput!) {
  recordAgreement(input: $input) { id signedBy note agreedAt partner { id name } principle { id title } }
}`;
const START = `mutation ($id: ID!) { startProject(id: $id) { id status version } }`;
const CHANGE = `mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version } }`;
const PROJECT = `query ($id: ID!) {
  project(id: $id) {
    ${PROJECT_FIELDS}
    partners { role partner { id name } }
    principles { id title position }
    agreements { id signedBy note partner { id } principle { id } }
    missingAgreements { partner { id } principle { id } }
    challenges { id }
  }
}`;
const LIST = `query ($first: Int, $after: String, $status: ProjectStatus) {
  projects(first: $first, after: $after, status: $status) {
    totalCount
    edges { cursor node { id name } }
    nodes { id name status }
    pageInfo { hasNextPage endCursor }
  }
}`;

// ---------------------------------------------------------------------------------------------
// Helpers

async function adoptTuc(caller: Caller): Promise<any[]> {
  return dataOf(await server.gql(`mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id title position } }`, {}, caller)).adoptPrincipleSet;
}

const involve = (caller: Caller, projectId: string, partnerId: string, role = 'MEMBER') => server.gql(INVOLVE, { input: { projectId, partnerId, role } }, caller);
const setPrinciples = (caller: Caller, projectId: string, principleIds: string[]) => server.gql(SET_PRINCIPLES, { input: { projectId, principleIds } }, caller);
const agree = (caller: Caller, input: Record<string, unknown>) => server.gql(AGREE, { input: { signedBy: 'A. Signatory', ...input } }, caller);
const readProject = async (caller: Caller, id: string) => dataOf(await server.gql(PROJECT, { id }, caller)).project;

/**
 * A project with two partners (in that order) and two principles, nothing agreed yet. The owner
 * speaks for both partners (linked to a representative of each: 'Chief Executive' and 'Branch
 * Secretary'), so agreements here are the partners' own; test/representatives.test.ts covers who
 * else may, or may not, speak for a partner.
 */
async function projectWithPartnersAndPrinciples(org: TestOrganisation) {
  const project = await buildProject(server, org.as);
  const management = await buildPartner(server, org.as, { name: 'Trust management', kind: 'MANAGEMENT' });
  const union = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const managementRep = await buildSpokesperson(server, org, management.id, { name: 'Chief Executive' });
  const unionRep = await buildSpokesperson(server, org, union.id, { name: 'Branch Secretary' });
  const first = await buildPrinciple(server, org.as, { title: 'Transparency' });
  const second = await buildPrinciple(server, org.as, { title: 'Adding value' });
  dataOf(await involve(org.as, project.id, management.id, 'LEAD'));
  dataOf(await involve(org.as, project.id, union.id, 'MEMBER'));
  dataOf(await setPrinciples(org.as, project.id, [second.id, first.id]));
  return { project, management, union, first, second, managementRep, unionRep };
}

// ---------------------------------------------------------------------------------------------
// Pure logic

describe('project transitions (pure)', () => {
  const S = ProjectStatus;
  const allowed: [ProjectStatus, ProjectStatus, string][] = [
    [S.PROPOSED, S.ACTIVE, 'NEEDS_AGREEMENT'],
    [S.PROPOSED, S.CANCELLED, 'ALLOWED'],
    [S.ACTIVE, S.ON_HOLD, 'ALLOWED'],
    [S.ACTIVE, S.COMPLETED, 'NEEDS_PLAN_DONE'],
    [S.ACTIVE, S.CANCELLED, 'ALLOWED'],
    [S.ON_HOLD, S.ACTIVE, 'ALLOWED'],
    [S.ON_HOLD, S.COMPLETED, 'NEEDS_PLAN_DONE'],
    [S.ON_HOLD, S.CANCELLED, 'ALLOWED'],
  ];

  it('follows the table of docs/api.md and refuses everything else', () => {
    for (const from of Object.values(S)) {
      for (const to of Object.values(S)) {
        const expected = allowed.find(([f, t]) => f === from && t === to)?.[2] ?? 'INVALID';
        expect(`${from}->${to}: ${projectTransition(from, to)}`).toBe(`${from}->${to}: ${expected}`);
      }
    }
  });

  it('makes COMPLETED and CANCELLED read-only', () => {
    expect(Object.values(S).filter(isReadOnlyStatus)).toEqual([S.COMPLETED, S.CANCELLED]);
  });

  it('lists missing agreements by partner order, then principle order', () => {
    const missing = missingAgreements(
      ['p1', 'p2'],
      ['x', 'y', 'z'],
      [
        { partnerId: 'p1', principleId: 'y' },
        { partnerId: 'p2', principleId: 'x' },
        { partnerId: 'p2', principleId: 'y' },
        { partnerId: 'p2', principleId: 'z' },
        { partnerId: 'other', principleId: 'x' },
      ],
    );
    expect(missing).toEqual([
      { partnerId: 'p1', principleId: 'x' },
      { partnerId: 'p1', principleId: 'z' },
    ]);
    expect(missingAgreements([], ['x'], [])).toEqual([]);
    expect(
      sortAgreements(
        [
          { partnerId: 'b', principleId: 'y' },
          { partnerId: 'a', principleId: 'y' },
          { partnerId: 'a', principleId: 'x' },
        ],
        ['a', 'b'],
        ['x', 'y'],
      ),
    ).toEqual([
      { partnerId: 'a', principleId: 'x' },
      { partnerId: 'a', principleId: 'y' },
      { partnerId: 'b', principleId: 'y' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Through GraphQL

describe('projects', () => {
  it('creates a PROPOSED project at version 1 and records PROJECT_CREATED', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, {
      name: '  New mental health facility  ',
      summary: 'A new unit',
      goals: 'Better care',
      startDate: '2026-01-05',
      targetDate: '2026-12-31',
    });
    expect(project).toMatchObject({
      name: 'New mental health facility',
      summary: 'A new unit',
      goals: 'Better care',
      status: 'PROPOSED',
      startDate: '2026-01-05',
      targetDate: '2026-12-31',
      version: 1,
    });
    const [row] = await server.sql('SELECT name, status, start_date::text AS start, target_date::text AS target, version FROM projects WHERE id = $1', [uuidOf(project.id)]);
    expect(row).toEqual({ name: 'New mental health facility', status: 'PROPOSED', start: '2026-01-05', target: '2026-12-31', version: 1 });
    const events = await activityRows(server, org.uuid);
    expect(events.at(-1)).toMatchObject({ type: 'PROJECT_CREATED', entity_type: 'Project', entity_id: uuidOf(project.id), project_id: uuidOf(project.id) });

    const read = await readProject(org.as, project.id);
    expect(read).toMatchObject({ id: project.id, partners: [], principles: [], agreements: [], missingAgreements: [], challenges: [] });
    const node = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id ... on Project { name } } }`, { id: project.id }, org.as)).node;
    expect(node).toEqual({ id: project.id, name: 'New mental health facility' });
  });

  it('refuses a target date before the start date, a blank name and a bad date, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const before = await tenantSnapshot(server, org.uuid);
    const dates = await server.gql(CREATE, { input: { name: 'P', startDate: '2026-05-01', targetDate: '2026-04-30' } }, org.as);
    expect(errorCode(dates)).toBe('BAD_USER_INPUT');
    expect(errorField(dates)).toBe('input.targetDate');
    const blank = await server.gql(CREATE, { input: { name: '   ' } }, org.as);
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(errorField(blank)).toBe('input.name');
    expect(errorCode(await server.gql(CREATE, { input: { name: 'P', startDate: '2026-02-30' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(CREATE, { input: { name: 'x'.repeat(201) } }, org.as))).toBe('BAD_USER_INPUT');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    // The same day is fine.
    expect((await buildProject(server, org.as, { startDate: '2026-05-01', targetDate: '2026-05-01' })).targetDate).toBe('2026-05-01');
  });

  it('updates only the fields given, clears explicit nulls, and checks versions and merged dates', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { summary: 'S', goals: 'G', startDate: '2026-01-01', targetDate: '2026-06-30' });

    const renamed = dataOf(await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 1, name: 'Renamed', summary: null } }, org.as)).updateProject;
    expect(renamed).toMatchObject({ name: 'Renamed', summary: null, goals: 'G', startDate: '2026-01-01', targetDate: '2026-06-30', version: 2 });

    const before = await tenantSnapshot(server, org.uuid);
    const stale = await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 1, goals: 'Stale' } }, org.as);
    expect(errorCode(stale)).toBe('CONFLICT');
    // The merged dates: a new start after the stored target is the start's fault, and the other way round.
    const lateStart = await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 2, startDate: '2026-07-01' } }, org.as);
    expect([errorCode(lateStart), errorField(lateStart)]).toEqual(['BAD_USER_INPUT', 'input.startDate']);
    const earlyTarget = await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 2, targetDate: '2025-12-31' } }, org.as);
    expect([errorCode(earlyTarget), errorField(earlyTarget)]).toEqual(['BAD_USER_INPUT', 'input.targetDate']);
    const noName = await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 2, name: null } }, org.as);
    expect([errorCode(noName), errorField(noName)]).toEqual(['BAD_USER_INPUT', 'input.name']);
    expect(errorCode(await server.gql(UPDATE, { input: { id: missingId('Project'), expectedVersion: 1, name: 'X' } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(UPDATE, { input: { id: 'not-an-id', expectedVersion: 1, name: 'X' } }, org.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Clearing the start makes any target fine.
    const cleared = dataOf(await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 2, startDate: null, targetDate: '2020-01-01' } }, org.as)).updateProject;
    expect(cleared).toMatchObject({ startDate: null, targetDate: '2020-01-01', version: 3, name: 'Renamed', goals: 'G' });
    const [row] = await server.sql('SELECT name, summary, goals, start_date, target_date::text AS target, version FROM projects WHERE id = $1', [uuidOf(project.id)]);
    expect(row).toEqual({ name: 'Renamed', summary: null, goals: 'G', start_date: null, target: '2020-01-01', version: 3 });
    expect((await activityRows(server, org.uuid)).filter((e) => e.type === 'PROJECT_UPDATED')).toHaveLength(2);
  });

  it('lets exactly one of two concurrent updates at the same version win', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const results = await Promise.all(['First', 'Second'].map((name) => server.gql(UPDATE, { input: { id: project.id, expectedVersion: 1, name } }, org.as)));
    const winners = results.filter((r) => !r.body.errors);
    expect(winners).toHaveLength(1);
    expect(results.map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
    const [row] = await server.sql('SELECT name, version FROM projects WHERE id = $1', [uuidOf(project.id)]);
    expect(row).toEqual({ name: winners[0]!.body.data.updateProject.name, version: 2 });
    expect((await activityRows(server, org.uuid)).filter((e) => e.type === 'PROJECT_UPDATED')).toHaveLength(1);
  });

  it('pages through projects oldest first, filters by status and counts lazily', async () => {
    const org = await buildOrganisation(server);
    const names = ['P1', 'P2', 'P3', 'P4', 'P5'];
    const created = [];
    for (const name of names) created.push(await buildProject(server, org.as, { name }));
    dataOf(await server.gql(CHANGE, { input: { id: created[1]!.id, status: 'CANCELLED' } }, org.as));
    dataOf(await server.gql(CHANGE, { input: { id: created[3]!.id, status: 'CANCELLED' } }, org.as));

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: any = dataOf(await server.gql(LIST, { first: 2, after }, org.as)).projects;
      expect(result.totalCount).toBe(5);
      expect(result.edges.map((e: any) => e.node.id)).toEqual(result.nodes.map((n: any) => n.id));
      seen.push(...result.nodes.map((n: any) => n.name));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(names);

    const cancelled = dataOf(await server.gql(LIST, { status: 'CANCELLED' }, org.as)).projects;
    expect(cancelled.nodes.map((n: any) => n.name)).toEqual(['P2', 'P4']);
    expect(cancelled.totalCount).toBe(2);
    const proposed = dataOf(await server.gql(LIST, { status: 'PROPOSED', first: 2 }, org.as)).projects;
    expect(proposed.nodes.map((n: any) => n.name)).toEqual(['P1', 'P3']);
    const rest = dataOf(await server.gql(LIST, { status: 'PROPOSED', after: proposed.pageInfo.endCursor }, org.as)).projects;
    expect(rest).toMatchObject({ nodes: [{ name: 'P5' }], pageInfo: { hasNextPage: false } });

    const tooMany = await server.gql(LIST, { first: 101 }, org.as);
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    for (const bad of ['garbage', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expect(errorCode(await server.gql(LIST, { after: bad }, org.as))).toBe('BAD_USER_INPUT');
    }
    // A page without totalCount does not count.
    const counted = await countStatements(() => server.gql(`{ projects(first: 1) { nodes { id } } }`, {}, org.as));
    const withCount = await countStatements(() => server.gql(`{ projects(first: 1) { nodes { id } totalCount } }`, {}, org.as));
    expect(withCount).toBe(counted + 1);
  });

  it('returns null for a project id that is malformed, unknown or of another type', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as, { name: 'Staff side' });
    for (const id of ['nope', missingId('Project'), partner.id]) {
      expect(dataOf(await server.gql(PROJECT, { id }, org.as)).project).toBeNull();
    }
  });

  it('involves partners in order of involvement; involving again changes the role', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const other = await buildProject(server, org.as, { name: 'Other' });
    const a = await buildPartner(server, org.as, { name: 'Management', kind: 'MANAGEMENT' });
    const b = await buildPartner(server, org.as, { name: 'Unison', kind: 'TRADE_UNION' });
    const c = await buildPartner(server, org.as, { name: 'Service users forum', kind: 'SERVICE_USERS' });

    // Two involvements in one request keep their order too.
    const both = await server.gql(
      `mutation ($p: ID!, $a: ID!, $b: ID!) {
        first: involvePartner(input: { projectId: $p, partnerId: $b, role: LEAD }) { id }
        second: involvePartner(input: { projectId: $p, partnerId: $a, role: MEMBER }) { partners { role partner { name } } }
      }`,
      { p: project.id, a: a.id, b: b.id },
      org.as,
    );
    expect(dataOf(both).second.partners).toEqual([
      { role: 'LEAD', partner: { name: 'Unison' } },
      { role: 'MEMBER', partner: { name: 'Management' } },
    ]);
    dataOf(await involve(org.as, project.id, c.id, 'CONSULTED'));
    const changed = dataOf(await involve(org.as, project.id, b.id, 'MEMBER')).involvePartner;
    expect(changed.partners.map((p: any) => [p.partner.name, p.role])).toEqual([
      ['Unison', 'MEMBER'],
      ['Management', 'MEMBER'],
      ['Service users forum', 'CONSULTED'],
    ]);
    dataOf(await involve(org.as, other.id, b.id, 'LEAD'));

    const rows = await server.sql('SELECT partner_id, role FROM project_partners WHERE project_id = $1 ORDER BY created_at', [uuidOf(project.id)]);
    expect(rows).toEqual([
      { partner_id: uuidOf(b.id), role: 'MEMBER' },
      { partner_id: uuidOf(a.id), role: 'MEMBER' },
      { partner_id: uuidOf(c.id), role: 'CONSULTED' },
    ]);
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'PARTNER_INVOLVED');
    expect(events).toHaveLength(5);
    expect(events[3]).toMatchObject({ entity_type: 'Project', project_id: uuidOf(project.id) });
    expect(events[3]!.summary).toContain('Unison');

    // Involving again in the same role changes nothing.
    const before = await tenantSnapshot(server, org.uuid);
    dataOf(await involve(org.as, project.id, c.id, 'CONSULTED'));
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Partner.projects: the projects a partner is involved in.
    const partnerProjects = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Partner { projects { name } } } }`, { id: b.id }, org.as)).node.projects;
    expect(partnerProjects.map((p: any) => p.name)).toEqual(['New mental health facility', 'Other']);

    const ghost = await involve(org.as, project.id, missingId('Partner'));
    expect(errorCode(ghost)).toBe('NOT_FOUND');
    expect(errorCode(await involve(org.as, project.id, 'bad-id'))).toBe('NOT_FOUND');
    expect(errorCode(await involve(org.as, missingId('Project'), a.id))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('replaces the principles of a project and deletes agreements to principles dropped', async () => {
    const org = await buildOrganisation(server);
    const tuc = await adoptTuc(org.as);
    const project = await buildProject(server, org.as);
    const partner = await buildPartner(server, org.as, { name: 'Staff side' });
    await buildSpokesperson(server, org, partner.id);
    dataOf(await involve(org.as, project.id, partner.id));

    const set = dataOf(await setPrinciples(org.as, project.id, [tuc[4].id, tuc[0].id, tuc[2].id, tuc[0].id])).setProjectPrinciples;
    expect(set.principles.map((p: any) => p.position)).toEqual([tuc[0].position, tuc[2].position, tuc[4].position]);
    dataOf(await agree(org.as, { projectId: project.id, partnerId: partner.id }));
    expect(await server.sql('SELECT count(*)::int AS n FROM agreements WHERE project_id = $1', [uuidOf(project.id)])).toEqual([{ n: 3 }]);

    const replaced = dataOf(await setPrinciples(org.as, project.id, [tuc[2].id, tuc[5].id])).setProjectPrinciples;
    expect(replaced.principles.map((p: any) => p.id)).toEqual([tuc[2].id, tuc[5].id]);
    const agreed = await server.sql('SELECT principle_id FROM agreements WHERE project_id = $1', [uuidOf(project.id)]);
    expect(agreed).toEqual([{ principle_id: uuidOf(tuc[2].id) }]);
    const read = await readProject(org.as, project.id);
    expect(read.missingAgreements).toEqual([{ partner: { id: partner.id }, principle: { id: tuc[5].id } }]);
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'PROJECT_PRINCIPLES_SET');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ entity_type: 'Project', project_id: uuidOf(project.id) });

    // An unknown principle refuses the whole set.
    const before = await tenantSnapshot(server, org.uuid);
    const ghost = await setPrinciples(org.as, project.id, [tuc[0].id, missingId('Principle')]);
    expect(errorCode(ghost)).toBe('NOT_FOUND');
    expect(errorCode(await setPrinciples(org.as, project.id, [partner.id]))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // The empty set is a set too.
    expect(dataOf(await setPrinciples(org.as, project.id, [])).setProjectPrinciples.principles).toEqual([]);
    expect(await server.sql('SELECT count(*)::int AS n FROM agreements WHERE project_id = $1', [uuidOf(project.id)])).toEqual([{ n: 0 }]);
  });

  it('records agreements: involved partners only, principles of the project only, all by default, no duplicates', async () => {
    const org = await buildOrganisation(server);
    const { project, management, union, first, second } = await projectWithPartnersAndPrinciples(org);
    const outsider = await buildPartner(server, org.as, { name: 'Not involved' });
    await buildSpokesperson(server, org, outsider.id);
    const stray = await buildPrinciple(server, org.as, { title: 'Not on this project' });
    const before = await tenantSnapshot(server, org.uuid);

    const notInvolved = await agree(org.as, { projectId: project.id, partnerId: outsider.id });
    expect([errorCode(notInvolved), errorField(notInvolved)]).toEqual(['BAD_USER_INPUT', 'input.partnerId']);
    const notOfProject = await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [first.id, stray.id] });
    expect([errorCode(notOfProject), errorField(notOfProject)]).toEqual(['BAD_USER_INPUT', 'input.principleIds']);
    const none = await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [] });
    expect([errorCode(none), errorField(none)]).toEqual(['BAD_USER_INPUT', 'input.principleIds']);
    const blank = await agree(org.as, { projectId: project.id, partnerId: union.id, signedBy: '  ' });
    expect([errorCode(blank), errorField(blank)]).toEqual(['BAD_USER_INPUT', 'input.signedBy']);
    expect(errorCode(await agree(org.as, { projectId: project.id, partnerId: missingId('Partner') }))).toBe('NOT_FOUND');
    expect(errorCode(await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [missingId('Principle')] }))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Omitted principleIds: every principle of the project, by position. signedBy is the name of
    // the representative who spoke, whatever name was written on the signature.
    const all = dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id, signedBy: 'C. Exec', note: 'Signed at board' })).recordAgreement;
    expect(all.map((a: any) => a.principle.id)).toEqual([first.id, second.id]);
    expect(all[0]).toMatchObject({ signedBy: 'Chief Executive', note: 'Signed at board', partner: { id: management.id, name: 'Trust management' } });

    const one = dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [second.id] })).recordAgreement;
    expect(one).toHaveLength(1);
    let read = await readProject(org.as, project.id);
    expect(read.missingAgreements).toEqual([{ partner: { id: union.id }, principle: { id: first.id } }]);
    expect(read.agreements.map((a: any) => [a.partner.id, a.principle.id])).toEqual([
      [management.id, first.id],
      [management.id, second.id],
      [union.id, second.id],
    ]);

    // Signing again (here as another representative of the partner) updates who signed, the note
    // and when; it never duplicates.
    const chair = await buildSpokesperson(server, org, management.id, { name: 'Chair' });
    const [{ agreed_at: firstTime }] = await server.sql('SELECT agreed_at FROM agreements WHERE partner_id = $1 AND principle_id = $2', [uuidOf(management.id), uuidOf(first.id)]);
    const again = dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id, principleIds: [first.id], representativeId: chair.id })).recordAgreement;
    expect(again[0]).toMatchObject({ id: all[0].id, signedBy: 'Chair', note: null });
    const rows = await server.sql('SELECT signed_by, note, agreed_at FROM agreements WHERE partner_id = $1 AND principle_id = $2', [uuidOf(management.id), uuidOf(first.id)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ signed_by: 'Chair', note: null });
    expect(rows[0].agreed_at.getTime()).toBeGreaterThan(firstTime.getTime());
    expect(await server.sql('SELECT count(*)::int AS n FROM agreements WHERE project_id = $1', [uuidOf(project.id)])).toEqual([{ n: 3 }]);
    read = await readProject(org.as, project.id);
    expect(read.agreements).toHaveLength(3);
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'AGREEMENT_RECORDED');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ entity_type: 'Project', project_id: uuidOf(project.id) });
  });

  it('starts a project only when every involved partner agreed every principle', async () => {
    const org = await buildOrganisation(server);
    const bare = await buildProject(server, org.as, { name: 'Bare' });
    const noPartner = await server.gql(START, { id: bare.id }, org.as);
    expect(errorCode(noPartner)).toBe('PRINCIPLES_NOT_AGREED');
    expect(errorExtensions(noPartner)?.missing).toEqual([]);
    expect(errorMessage(noPartner)).toMatch(/partner/);
    const somebody = await buildPartner(server, org.as, { name: 'Somebody' });
    dataOf(await involve(org.as, bare.id, somebody.id));
    const noPrinciple = await server.gql(START, { id: bare.id }, org.as);
    expect(errorCode(noPrinciple)).toBe('PRINCIPLES_NOT_AGREED');
    expect(errorExtensions(noPrinciple)?.missing).toEqual([]);
    expect(errorMessage(noPrinciple)).toMatch(/principle/);

    const { project, management, union, first, second } = await projectWithPartnersAndPrinciples(org);
    dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [second.id] }));
    const before = await tenantSnapshot(server, org.uuid);
    const refused = await server.gql(START, { id: project.id }, org.as);
    expect(errorCode(refused)).toBe('PRINCIPLES_NOT_AGREED');
    expect(errorExtensions(refused)?.missing).toEqual([
      { partnerId: management.id, principleId: first.id },
      { partnerId: management.id, principleId: second.id },
      { partnerId: union.id, principleId: first.id },
    ]);
    // changeProjectStatus to ACTIVE obeys the same rule.
    const changed = await server.gql(CHANGE, { input: { id: project.id, status: 'ACTIVE' } }, org.as);
    expect(errorCode(changed)).toBe('PRINCIPLES_NOT_AGREED');
    expect(errorExtensions(changed)?.missing).toHaveLength(3);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id }));
    dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id, principleIds: [first.id] }));
    const started = dataOf(await server.gql(START, { id: project.id }, org.as)).startProject;
    expect(started).toMatchObject({ id: project.id, status: 'ACTIVE', version: 2 });
    expect(await server.sql('SELECT status FROM projects WHERE id = $1', [uuidOf(project.id)])).toEqual([{ status: 'ACTIVE' }]);
    expect((await activityRows(server, org.uuid)).at(-1)).toMatchObject({ type: 'PROJECT_STARTED', entity_type: 'Project', project_id: uuidOf(project.id) });

    expect(errorCode(await server.gql(START, { id: project.id }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.gql(START, { id: 'nope' }, org.as))).toBe('NOT_FOUND');
  });

  it('moves along the state machine and makes COMPLETED and CANCELLED projects read-only', async () => {
    const org = await buildOrganisation(server);
    const { project, management, union, first } = await projectWithPartnersAndPrinciples(org);
    const change = (status: string) => server.gql(CHANGE, { input: { id: project.id, status } }, org.as);

    for (const status of ['PROPOSED', 'ON_HOLD', 'COMPLETED']) expect(errorCode(await change(status))).toBe('INVALID_TRANSITION');
    const invalid = await change('COMPLETED');
    expect(errorExtensions(invalid)).toMatchObject({ from: 'PROPOSED', to: 'COMPLETED' });
    dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id }));
    dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id }));
    expect(dataOf(await change('ACTIVE')).changeProjectStatus.status).toBe('ACTIVE');
    expect(errorCode(await change('ACTIVE'))).toBe('INVALID_TRANSITION');
    expect(dataOf(await change('ON_HOLD')).changeProjectStatus.status).toBe('ON_HOLD');
    expect(errorCode(await server.gql(START, { id: project.id }, org.as))).toBe('INVALID_TRANSITION');
    expect(dataOf(await change('ACTIVE')).changeProjectStatus.status).toBe('ACTIVE');
    // Partners and principles can still change while ACTIVE.
    const late = await buildPartner(server, org.as, { name: 'Joined late' });
    dataOf(await involve(org.as, project.id, late.id, 'CONSULTED'));
    expect(dataOf(await change('ON_HOLD')).changeProjectStatus.status).toBe('ON_HOLD');
    const completed = dataOf(await change('COMPLETED')).changeProjectStatus;
    expect(completed).toMatchObject({ status: 'COMPLETED', version: 6 });
    const types = (await activityRows(server, org.uuid)).map((e) => e.type).filter((t) => t.startsWith('PROJECT_S'));
    expect(types).toEqual(['PROJECT_STARTED', 'PROJECT_STATUS_CHANGED', 'PROJECT_STATUS_CHANGED', 'PROJECT_STATUS_CHANGED', 'PROJECT_STATUS_CHANGED']);

    const before = await tenantSnapshot(server, org.uuid);
    for (const status of ['CANCELLED', 'ACTIVE', 'ON_HOLD', 'COMPLETED']) expect(errorCode(await change(status))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.gql(UPDATE, { input: { id: project.id, expectedVersion: 6, name: 'Too late' } }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await involve(org.as, project.id, late.id, 'LEAD'))).toBe('INVALID_TRANSITION');
    expect(errorCode(await setPrinciples(org.as, project.id, [first.id]))).toBe('INVALID_TRANSITION');
    expect(errorCode(await agree(org.as, { projectId: project.id, partnerId: management.id }))).toBe('INVALID_TRANSITION');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Anything not COMPLETED can be cancelled, and a cancelled project is read-only too.
    const other = await buildProject(server, org.as, { name: 'Dropped' });
    expect(dataOf(await server.gql(CHANGE, { input: { id: other.id, status: 'CANCELLED' } }, org.as)).changeProjectStatus.status).toBe('CANCELLED');
    expect(errorCode(await server.gql(CHANGE, { input: { id: other.id, status: 'CANCELLED' } }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.gql(UPDATE, { input: { id: other.id, expectedVersion: 2, name: 'Revived' } }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await involve(org.as, other.id, late.id))).toBe('INVALID_TRANSITION');
  });

  it('lets only one of many concurrent status changes win', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const results = await Promise.all(Array.from({ length: 6 }, () => server.gql(CHANGE, { input: { id: project.id, status: 'CANCELLED' } }, org.as)));
    expect(results.filter((r) => !r.body.errors).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'INVALID_TRANSITION').length).toBe(5);
    expect((await activityRows(server, org.uuid)).filter((e) => e.type === 'PROJECT_STATUS_CHANGED')).toHaveLength(1);
    expect(await server.sql('SELECT status, version FROM projects WHERE id = $1', [uuidOf(project.id)])).toEqual([{ status: 'CANCELLED', version: 2 }]);
  });

  it('never starts a project while an agreement is being withdrawn by a principle change', async () => {
    const org = await buildOrganisation(server);
    const { project, management, union } = await projectWithPartnersAndPrinciples(org);
    dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id }));
    dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id }));
    const extra = await buildPrinciple(server, org.as, { title: 'Employment security' });
    const current = (await readProject(org.as, project.id)).principles.map((p: any) => p.id);
    const [set, start] = await Promise.all([setPrinciples(org.as, project.id, [...current, extra.id]), server.gql(START, { id: project.id }, org.as)]);
    dataOf(set);
    const [{ status }] = await server.sql('SELECT status FROM projects WHERE id = $1', [uuidOf(project.id)]);
    const principles = await server.sql('SELECT count(*)::int AS n FROM project_principles WHERE project_id = $1', [uuidOf(project.id)]);
    expect(principles).toEqual([{ n: 3 }]);
    // Either the start came first (ACTIVE, then the set changed), or it saw the new principle and refused.
    if (start.body.errors) {
      expect(errorCode(start)).toBe('PRINCIPLES_NOT_AGREED');
      expect(status).toBe('PROPOSED');
    } else {
      expect(status).toBe('ACTIVE');
    }
  });

  it('keeps OBSERVERs (users and API keys) to reading', async () => {
    const org = await buildOrganisation(server);
    const { project, management, first } = await projectWithPartnersAndPrinciples(org);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const key = await buildApiKey(server, org, Role.OBSERVER);
    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [observer.as, key.as]) {
      const attempts = [
        server.gql(CREATE, { input: { name: 'Sneaky' } }, caller),
        server.gql(UPDATE, { input: { id: project.id, expectedVersion: 1, name: 'Sneaky' } }, caller),
        involve(caller, project.id, management.id, 'LEAD'),
        setPrinciples(caller, project.id, [first.id]),
        agree(caller, { projectId: project.id, partnerId: management.id }),
        server.gql(START, { id: project.id }, caller),
        server.gql(CHANGE, { input: { id: project.id, status: 'CANCELLED' } }, caller),
      ];
      for (const attempt of await Promise.all(attempts)) expect(errorCode(attempt)).toBe('FORBIDDEN');
      expect((await readProject(caller, project.id)).partners).toHaveLength(2);
      expect(dataOf(await server.gql(LIST, {}, caller)).projects.totalCount).toBe(1);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    // A MEMBER may write.
    const member = await buildMember(server, org, Role.MEMBER);
    expect((await buildProject(server, member.as, { name: 'By a member' })).status).toBe('PROPOSED');
    expect(errorCode(await server.gql(LIST, {}, {}))).toBe('UNAUTHENTICATED');
  });

  it('loads project relations without N+1 queries', async () => {
    const org = await buildOrganisation(server);
    const tuc = await adoptTuc(org.as);
    const partners = [await buildPartner(server, org.as, { name: 'A' }), await buildPartner(server, org.as, { name: 'B' })];
    await buildSpokesperson(server, org, partners[0]!.id);
    const QUERY = `{
      projects(first: 100) {
        nodes {
          id
          partners { role partner { id name projects { id } } }
          principles { id title }
          agreements { signedBy current onBehalf representative { name } recordedBy { name } partner { name } principle { title } }
          missingAgreements { partner { name } principle { title } }
          challenges { id }
        }
      }
    }`;
    const build = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const project = await buildProject(server, org.as, { name: `Project ${i}` });
        for (const partner of partners) dataOf(await involve(org.as, project.id, partner.id));
        dataOf(await setPrinciples(org.as, project.id, [tuc[0].id, tuc[1].id, tuc[2].id]));
        dataOf(await agree(org.as, { projectId: project.id, partnerId: partners[0]!.id, principleIds: [tuc[1].id] }));
      }
    };
    await build(2);
    const few = await countStatements(async () => dataOf(await server.gql(QUERY, {}, org.as)));
    await build(5);
    let result: any;
    const many = await countStatements(async () => (result = dataOf(await server.gql(QUERY, {}, org.as))));
    expect(result.projects.nodes).toHaveLength(7);
    expect(result.projects.nodes[6].missingAgreements).toHaveLength(5);
    expect(many).toBe(few);
  });

  it("gives organisation B nothing of A's projects and lets it change nothing", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha' });
    const b = await buildOrganisation(server, { name: 'Beta' });
    const { project, management, first, managementRep } = await projectWithPartnersAndPrinciples(a);
    const bProject = await buildProject(server, b.as, { name: 'Beta project' });
    const bPartner = await buildPartner(server, b.as, { name: 'Beta partner' });
    const bPrinciple = await buildPrinciple(server, b.as, { title: 'Beta principle' });
    dataOf(await involve(b.as, bProject.id, bPartner.id));
    dataOf(await setPrinciples(b.as, bProject.id, [bPrinciple.id]));
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);

    for (const caller of [b.as, bKey.as]) {
      expect(dataOf(await server.gql(PROJECT, { id: project.id }, caller)).project).toBeNull();
      expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: project.id }, caller)).node).toBeNull();
      const listed = dataOf(await server.gql(LIST, {}, caller)).projects;
      expect(listed.nodes.map((n: any) => n.name)).toEqual(['Beta project']);
      expect(listed.totalCount).toBe(1);

      // A's project, by id, from every mutation.
      const refusals = [
        server.gql(UPDATE, { input: { id: project.id, expectedVersion: 1, name: 'Taken' } }, caller),
        involve(caller, project.id, bPartner.id),
        setPrinciples(caller, project.id, [bPrinciple.id]),
        agree(caller, { projectId: project.id, partnerId: bPartner.id }),
        server.gql(START, { id: project.id }, caller),
        server.gql(CHANGE, { input: { id: project.id, status: 'CANCELLED' } }, caller),
        // A's partners and principles referenced from B's own project.
        involve(caller, bProject.id, management.id),
        setPrinciples(caller, bProject.id, [first.id]),
        agree(caller, { projectId: bProject.id, partnerId: management.id }),
        agree(caller, { projectId: bProject.id, partnerId: bPartner.id, principleIds: [first.id] }),
        // A's representative named for B's partner, on behalf.
        agree(caller, { projectId: bProject.id, partnerId: bPartner.id, representativeId: managementRep.id, evidence: 'Signed' }),
      ];
      for (const refusal of await Promise.all(refusals)) expect(errorCode(refusal)).toBe('NOT_FOUND');
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    const bRead = await readProject(b.as, bProject.id);
    expect(bRead.partners.map((p: any) => p.partner.id)).toEqual([bPartner.id]);
    expect(bRead.principles.map((p: any) => p.id)).toEqual([bPrinciple.id]);
  });
});
