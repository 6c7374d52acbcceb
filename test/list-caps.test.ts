import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { toGlobalId } from '../src/common/global-id';
import { loadConfig } from '../src/config';
import { LIST_CAPS, LIST_FIELD_CAPS, listFieldCap } from '../src/limits/list-caps';
import { queryCost } from '../src/limits/query-cost';
import { createSchema } from '../src/schema';
import * as webDocuments from '../web/src/gql/graphql';
import { DASHBOARD_QUERY as BENCH_DASHBOARD } from '../bench/dashboard-sql';
import { DASHBOARD } from './support/dashboard';
import { buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, buildUser, tokenOfLink, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';

// Catalogue 58: a plain list over tens of thousands of rows. Every plain list has a cap, stated in
// its description, enforced where it grows (a create past it is LIMIT_REACHED and changes nothing)
// and, for the lists that hang off the organisation or the caller, where it is read (a LIMIT); the
// query cost prices each list at its cap. Rows above a cap are written here straight into the
// database, as an organisation that grew before the caps would have them.

const server = useTestServer();
const DEFAULT_MAX_COST = loadConfig({ AUTH_SECRET: 'x'.repeat(40) }).queryLimits.maxCost;

/** `Type.field` of every plain list of objects in the schema (connections' edges and nodes are paid by `first`). */
function plainLists(schema: GraphQLSchema): { key: string; description: string }[] {
  const found: { key: string; description: string }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.endsWith('Connection')) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type)) && !isLeafType(getNamedType(field.type))) {
        found.push({ key: `${type.name}.${field.name}`, description: field.description ?? '' });
      }
    }
  }
  return found;
}

describe('every plain list has a documented cap and is priced at it (catalogue 58)', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await createSchema();
  });

  it('has a cap for every plain list of objects, stated in the field description', () => {
    const lists = plainLists(schema);
    // Each is a declared relation with its cap or listed in LIST_FIELD_CAPS, and nothing listed is missing from the schema.
    expect(lists.filter(({ key }) => listFieldCap(...(key.split('.') as [string, string])) === undefined).map(({ key }) => key)).toEqual([]);
    expect(Object.keys(LIST_FIELD_CAPS).filter((key) => !lists.some((list) => list.key === key))).toEqual([]);
    for (const { key, description } of lists) {
      expect([key, description]).toEqual([key, expect.stringContaining(`at most ${listFieldCap(...(key.split('.') as [string, string]))}`)]);
    }
  });

  it('prices a list at its cap times what each item selects', () => {
    const cost = (query: string) => queryCost(schema, parse(query), undefined, {});
    expect(cost('{ principles { id title description } }')).toBe(LIST_CAPS.principlesPerOrganisation);
    expect(cost('{ projects(first: 50) { nodes { stages { id owner { id } } } } }')).toBe(1 + 50 * (1 + LIST_CAPS.stagesPerProject * 2));
    expect(cost('mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }')).toBe(10 + LIST_CAPS.principlesPerOrganisation);
  });

  it("accepts the dashboard's real queries under the default QUERY_MAX_COST", () => {
    const documents: Record<string, string> = { 'test/support/dashboard.ts': DASHBOARD, 'bench/dashboard-sql.ts': BENCH_DASHBOARD };
    // The dashboard's typed documents (web/src/gql, generated from its graphql(...) calls).
    for (const [name, value] of Object.entries(webDocuments)) if (name.endsWith('Document')) documents[name] = print(value as DocumentNode);
    expect(Object.keys(documents)).toEqual(expect.arrayContaining(['OverviewDocument', 'ProjectDocument', 'EvaluationDocument', 'BootDocument']));
    const over = Object.entries(documents)
      .map(([name, text]) => ({ name, cost: queryCost(schema, parse(text), undefined, { id: 'x', input: {}, after: null }) ?? 0 }))
      .filter(({ cost }) => cost > DEFAULT_MAX_COST);
    expect(over).toEqual([]);
  });
});

describe('a plain list over many rows returns at most its cap (catalogue 58)', () => {
  it('reads at most 20 of 300 principles, in position order, and charges for 20', async () => {
    const org = await buildOrganisation(server);
    await server.sql(`INSERT INTO principles (organisation_id, title, description, position) SELECT $1, 'P' || i, repeat('x', 100), i FROM generate_series(0, 299) i`, [org.uuid]);
    const response = await server.gql('{ principles { id title description } }', {}, org.as);
    expect(dataOf(response).principles.map((p: { title: string }) => p.title)).toEqual(Array.from({ length: LIST_CAPS.principlesPerOrganisation }, (_, i) => `P${i}`));
    expect(response.body.extensions?.cost).toBe(LIST_CAPS.principlesPerOrganisation);
  });

  it("reads at most 500 of an organisation's 600 members, and 50 of a user's 60 memberships", async () => {
    const org = await buildOrganisation(server);
    await server.sql(
      `WITH u AS (INSERT INTO users (email, name, password_hash) SELECT 'm' || i || '-' || $2 || '@example.org', 'Member ' || i, 'x' FROM generate_series(1, 599) i RETURNING id)
       INSERT INTO memberships (organisation_id, user_id, role) SELECT $1, id, 'MEMBER' FROM u`,
      [org.uuid, org.slug],
    );
    expect(dataOf(await server.gql('{ organisation { members { id } } }', {}, org.as)).organisation.members).toHaveLength(LIST_CAPS.membersPerOrganisation);

    const user = await buildUser(server);
    await server.sql(
      `WITH o AS (INSERT INTO organisations (slug, name) SELECT 'many-' || i || '-' || substr(md5($1), 1, 8), 'Org ' || i FROM generate_series(1, 60) i RETURNING id)
       INSERT INTO memberships (organisation_id, user_id, role) SELECT id, $1::uuid, 'MEMBER' FROM o`,
      [(await server.sql<{ id: string }>('SELECT id FROM users WHERE email = $1', [user.email]))[0]!.id],
    );
    expect(dataOf(await server.gql('{ viewer { organisations { id } } }', {}, { token: user.token })).viewer.organisations).toHaveLength(LIST_CAPS.organisationsPerUser);
  });
});

describe('a create past a cap is LIMIT_REACHED and changes nothing (catalogue 58)', () => {
  let org: TestOrganisation;

  beforeAll(async () => {
    org = await buildOrganisation(server);
  });

  /** Runs `mutation` as `caller` and expects LIMIT_REACHED at `cap`, with `count()` unchanged. */
  async function expectRefused(mutation: string, variables: Record<string, unknown>, cap: number, count: () => Promise<number>, caller: Caller = org.as): Promise<void> {
    const before = await count();
    const response = await server.gql(mutation, variables, caller);
    expect([errorCode(response), response.body.errors?.[0]?.extensions?.limit]).toEqual(['LIMIT_REACHED', cap]);
    expect(response.body.errors?.[0]?.message).toMatch(new RegExp(`^At most ${cap} `));
    expect(await count()).toBe(before);
  }

  const rows = (table: string, column: string, id: string) => async () =>
    Number((await server.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE organisation_id = $1 AND ${column} = $2`, [org.uuid, id]))[0]!.n);

  it('principles: 20 per organisation, for createPrinciple and adoptPrincipleSet alike', async () => {
    const full = await buildOrganisation(server);
    await server.sql(`INSERT INTO principles (organisation_id, title, position) SELECT $1, 'P' || i, i FROM generate_series(0, 19) i`, [full.uuid]);
    const count = rows('principles', 'organisation_id', full.uuid);
    await expectRefused('mutation { createPrinciple(input: { title: "One more" }) { id } }', {}, 20, count, full.as);
    const some = await buildOrganisation(server);
    await server.sql(`INSERT INTO principles (organisation_id, title, position) SELECT $1, 'P' || i, i FROM generate_series(0, 14) i`, [some.uuid]);
    await expectRefused('mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }', {}, 20, rows('principles', 'organisation_id', some.uuid), some.as);
    // Under the cap, the same mutations work.
    await server.sql(`DELETE FROM principles WHERE organisation_id = $1 AND position >= 10`, [some.uuid]);
    expect(dataOf(await server.gql('mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }', {}, some.as)).adoptPrincipleSet).toHaveLength(6);
  });

  it('stages: 50 per project; dependencies: 10 per stage', async () => {
    const project = await buildProject(server, org.as);
    await server.sql(`INSERT INTO stages (organisation_id, project_id, title, position) SELECT $1, $2, 'S' || i, i FROM generate_series(0, 49) i`, [org.uuid, project.uuid]);
    const add = 'mutation ($input: AddStageInput!) { addStage(input: $input) { id } }';
    await expectRefused(add, { input: { projectId: project.id, title: 'One more' } }, 50, rows('stages', 'project_id', project.uuid));

    const other = await buildProject(server, org.as);
    const eleven = Array.from({ length: 11 }, () => toGlobalId('Stage', '00000000-0000-4000-8000-000000000000'));
    const tooMany = await server.gql(add, { input: { projectId: other.id, title: 'Waits', dependsOnStageIds: eleven } }, org.as);
    expect([errorCode(tooMany), tooMany.body.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.dependsOnStageIds']);
  });

  it('celebrations: 20 per stage', async () => {
    const project = await buildProject(server, org.as);
    const [stage] = await server.sql<{ id: string }>(
      `INSERT INTO stages (organisation_id, project_id, title, position, status, completed_at) VALUES ($1, $2, 'Done', 0, 'DONE', now()) RETURNING id`,
      [org.uuid, project.uuid],
    );
    await server.sql(`INSERT INTO celebrations (organisation_id, stage_id, message) SELECT $1, $2, 'Well done ' || i FROM generate_series(1, 20) i`, [org.uuid, stage!.id]);
    await expectRefused(
      'mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }',
      { input: { stageId: toGlobalId('Stage', stage!.id), message: 'And again' } },
      20,
      rows('celebrations', 'stage_id', stage!.id),
    );
  });

  it('challenges: 50 per project', async () => {
    const [project, partner, principle] = await Promise.all([buildProject(server, org.as), buildPartner(server, org.as), buildPrinciple(server, org.as)]);
    await buildSpokesperson(server, org, partner.id);
    await server.sql(
      `INSERT INTO challenges (organisation_id, project_id, raised_by_partner_id, principle_id, description) SELECT $1, $2, $3, $4, 'C' || i FROM generate_series(1, 50) i`,
      [org.uuid, project.uuid, partner.uuid, principle.uuid],
    );
    await expectRefused(
      'mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }',
      { input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description: 'One more' } },
      50,
      rows('challenges', 'project_id', project.uuid),
    );
  });

  it('evaluations: 5 per project; measures: 10 per evaluation; measurements: 100 per measure; involvements: 50 per evaluation', async () => {
    const project = await buildProject(server, org.as);
    const voices = await buildPartner(server, org.as, { kind: 'SERVICE_USERS' });
    const evaluations = await server.sql<{ id: string }>(
      `INSERT INTO evaluations (organisation_id, project_id, title) SELECT $1, $2, 'E' || i FROM generate_series(1, 5) i RETURNING id`,
      [org.uuid, project.uuid],
    );
    await expectRefused(
      'mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }',
      { input: { projectId: project.id, title: 'One more' } },
      5,
      rows('evaluations', 'project_id', project.uuid),
    );

    const evaluation = evaluations[0]!.id;
    const measures = await server.sql<{ id: string }>(
      `INSERT INTO measures (organisation_id, evaluation_id, name, direction, position) SELECT $1, $2, 'M' || i, 'HIGHER_IS_BETTER', i FROM generate_series(0, 9) i RETURNING id`,
      [org.uuid, evaluation],
    );
    await expectRefused(
      'mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }',
      { input: { evaluationId: toGlobalId('Evaluation', evaluation), name: 'One more', baseline: 0, target: 1, direction: 'HIGHER_IS_BETTER' } },
      10,
      rows('measures', 'evaluation_id', evaluation),
    );

    const measure = measures[0]!.id;
    await server.sql(`INSERT INTO measurements (organisation_id, measure_id, value, date) SELECT $1, $2, i, DATE '2020-01-01' + i FROM generate_series(1, 100) i`, [
      org.uuid,
      measure,
    ]);
    await expectRefused(
      'mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }',
      { input: { measureId: toGlobalId('Measure', measure), value: 1, date: '2025-01-01' } },
      100,
      rows('measurements', 'measure_id', measure),
    );

    await server.sql(
      `INSERT INTO involvements (organisation_id, evaluation_id, partner_id, summary, date) SELECT $1, $2, $3, 'Said ' || i, DATE '2020-01-01' + i FROM generate_series(1, 50) i`,
      [org.uuid, evaluation, voices.uuid],
    );
    await expectRefused(
      'mutation ($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }',
      { input: { evaluationId: toGlobalId('Evaluation', evaluation), partnerId: voices.id, summary: 'One more', date: '2025-01-01' } },
      50,
      rows('involvements', 'evaluation_id', evaluation),
    );
  });

  it('representatives: 20 per partner; partners: 20 per project and 100 projects per partner; principles: 20 per project', async () => {
    const partner = await buildPartner(server, org.as);
    await server.sql(`INSERT INTO representatives (organisation_id, partner_id, name) SELECT $1, $2, 'R' || i FROM generate_series(1, 20) i`, [org.uuid, partner.uuid]);
    await expectRefused(
      'mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }',
      { input: { partnerId: partner.id, name: 'One more' } },
      20,
      rows('representatives', 'partner_id', partner.uuid),
    );

    const involve = 'mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }';
    const crowded = await buildProject(server, org.as);
    await server.sql(
      `WITH p AS (INSERT INTO partners (organisation_id, name, kind) SELECT $1, 'Partner ' || i, 'STAFF' FROM generate_series(1, 20) i RETURNING id)
       INSERT INTO project_partners (organisation_id, project_id, partner_id, role) SELECT $1, $2, id, 'MEMBER' FROM p`,
      [org.uuid, crowded.uuid],
    );
    await expectRefused(involve, { input: { projectId: crowded.id, partnerId: partner.id, role: 'MEMBER' } }, 20, rows('project_partners', 'project_id', crowded.uuid));

    const busy = await buildPartner(server, org.as);
    await server.sql(
      `WITH p AS (INSERT INTO projects (organisation_id, name) SELECT $1, 'Project ' || i FROM generate_series(1, 100) i RETURNING id)
       INSERT INTO project_partners (organisation_id, project_id, partner_id, role) SELECT $1, id, $2, 'MEMBER' FROM p`,
      [org.uuid, busy.uuid],
    );
    const fresh = await buildProject(server, org.as);
    await expectRefused(involve, { input: { projectId: fresh.id, partnerId: busy.id, role: 'LEAD' } }, 100, rows('project_partners', 'partner_id', busy.uuid));

    const ids = Array.from({ length: 21 }, (_, i) => toGlobalId('Principle', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
    await expectRefused(
      'mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }',
      { input: { projectId: fresh.id, principleIds: ids } },
      20,
      rows('project_principles', 'project_id', fresh.uuid),
    );
  });

  it('members: 500 per organisation', async () => {
    const full = await buildOrganisation(server);
    await server.sql(
      `WITH u AS (INSERT INTO users (email, name, password_hash) SELECT 'full' || i || '-' || $2 || '@example.org', 'Member ' || i, 'x' FROM generate_series(1, 499) i RETURNING id)
       INSERT INTO memberships (organisation_id, user_id, role) SELECT $1, id, 'MEMBER' FROM u`,
      [full.uuid, full.slug],
    );
    const newcomer = await buildUser(server);
    const { link } = dataOf(
      await server.gql('mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { link } }', { input: { email: newcomer.email, role: 'MEMBER' } }, full.as),
    ).inviteMember;
    await expectRefused(
      'mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }',
      { input: { token: tokenOfLink(link) } },
      500,
      rows('memberships', 'organisation_id', full.uuid),
      { token: newcomer.token },
    );
  });
});
