import { RequestDb } from '../src/db/request-db';
import { buildApiKey, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, recordStatements, useTestServer, type Caller, type RecordedStatement } from './support/harness';

const server = useTestServer();

/** The dashboard's query (issue 6), as many projects as a test has. */
const DASHBOARD = `{
  organisation { name }
  projects(first: 50) { nodes {
    id name status
    progress { percentComplete late }
    stages { id title status dueDate owner { id name kind } }
    evaluations { measures { name baseline target latest { value date } } }
  } }
}`;

/**
 * The round trips of the dashboard: the one that opens the transaction (and checks the caller's
 * membership or API key), organisation and projects, their stages, progress and evaluations with
 * the stages' owners and the evaluations' measures (and their latest measurements), COMMIT.
 */
const DASHBOARD_ROUND_TRIPS = 4;

/** Adds `count` projects, each with 3 owned stages and an evaluation of 2 measured measures. */
async function addProjects(org: TestOrganisation, count: number): Promise<void> {
  const [{ id: partnerId }] = await server.sql(
    `INSERT INTO partners (organisation_id, name, kind) VALUES ($1, 'Staff side ' || gen_random_uuid(), 'STAFF') RETURNING id`,
    [org.uuid],
  );
  await server.sql(
    `WITH p AS (
       INSERT INTO projects (organisation_id, name) SELECT $1, 'Project ' || g FROM generate_series(1, $3::int) g RETURNING id
     ), s AS (
       INSERT INTO stages (organisation_id, project_id, title, position, owner_partner_id, due_date)
       SELECT $1, p.id, 'Stage ' || g, g - 1, $2, current_date - g FROM p, generate_series(1, 3) g RETURNING id
     ), e AS (
       INSERT INTO evaluations (organisation_id, project_id, title) SELECT $1, p.id, 'Impact' FROM p RETURNING id
     ), m AS (
       INSERT INTO measures (organisation_id, evaluation_id, name, baseline, target, direction, position)
       SELECT $1, e.id, 'Measure ' || g, 10, 20, 'HIGHER_IS_BETTER', g FROM e, generate_series(1, 2) g RETURNING id
     )
     INSERT INTO measurements (organisation_id, measure_id, value, date)
     SELECT $1, m.id, 10 + g, current_date - g FROM m, generate_series(1, 3) g`,
    [org.uuid, partnerId, count],
  );
}

/**
 * Projects that cover the edges: stages with and without an owner, one partner owning stages of
 * two projects, evaluations with measures out of insertion order, one without measures, a measure
 * without measurements, a project without stages and one without evaluations.
 */
async function addVariedProjects(org: TestOrganisation): Promise<void> {
  const one = async (sql: string, params: unknown[]) => ((await server.sql(`${sql} RETURNING id`, [org.uuid, ...params])) as { id: string }[])[0]!.id;
  const staff = await one(`INSERT INTO partners (organisation_id, name, kind) VALUES ($1, $2, 'STAFF')`, ['Staff side']);
  const union = await one(`INSERT INTO partners (organisation_id, name, kind) VALUES ($1, $2, 'TRADE_UNION')`, ['Unison branch']);
  const project = (name: string) => one(`INSERT INTO projects (organisation_id, name, status) VALUES ($1, $2, 'ACTIVE')`, [name]);
  const stage = (projectId: string, title: string, position: number, owner: string | null, due: string | null, status = 'NOT_STARTED') =>
    one(
      `INSERT INTO stages (organisation_id, project_id, title, position, owner_partner_id, due_date, status) VALUES ($1, $2, $3, $4, $5, $6::date, $7)`,
      [projectId, title, position, owner, due, status],
    );
  const evaluation = (projectId: string, title: string) => one(`INSERT INTO evaluations (organisation_id, project_id, title) VALUES ($1, $2, $3)`, [projectId, title]);
  const measure = (evaluationId: string, name: string, position: number, baseline: number | null, target: number | null) =>
    one(
      `INSERT INTO measures (organisation_id, evaluation_id, name, position, baseline, target, direction) VALUES ($1, $2, $3, $4, $5, $6, 'LOWER_IS_BETTER')`,
      [evaluationId, name, position, baseline, target],
    );
  const measurement = (measureId: string, value: number, date: string) =>
    one(`INSERT INTO measurements (organisation_id, measure_id, value, date) VALUES ($1, $2, $3, $4::date)`, [measureId, value, date]);

  const mixed = await project('Owned and unowned stages');
  await stage(mixed, 'Consult', 0, staff, '2020-01-10');
  await stage(mixed, 'Draft', 1, null, null);
  await stage(mixed, 'Agree', 2, union, '2999-01-01', 'IN_PROGRESS');
  const impact = await evaluation(mixed, 'Impact');
  const second = await measure(impact, 'Waiting weeks', 2, 5, 1);
  await measurement(second, 4, '2024-02-01');
  await measurement(second, 3, '2024-03-01');
  await measure(impact, 'Unmeasured', 1, null, null);
  await evaluation(mixed, 'Nothing measured yet');

  const shared = await project('Shared owner');
  await stage(shared, 'Plan', 0, staff, null);

  const planless = await project('No stages');
  const outcome = await evaluation(planless, 'Outcome');
  await measurement(await measure(outcome, 'Only', 0, 10, 5), 7, '2024-01-15');
}

/** Runs `query` as `caller`: its data and the statements it sent. */
async function run(query: string, caller: Caller, variables: Record<string, unknown> = {}): Promise<{ data: any; statements: RecordedStatement[] }> {
  let data: any;
  const statements = await recordStatements(async () => {
    data = dataOf(await server.gql(query, variables, caller));
  });
  return { data, statements };
}

/**
 * Runs `query` twice: an operation's first run executes on graphql-js, later ones on its
 * graphql-jit compilation (src/jit-executor.ts). Both must answer the same in as many round trips.
 */
async function runTwice(query: string, caller: Caller, variables: Record<string, unknown> = {}): Promise<{ data: any; statements: RecordedStatement[] }> {
  const first = await run(query, caller, variables);
  const second = await run(query, caller, variables);
  expect(second.data).toEqual(first.data);
  expect(second.statements.length).toBe(first.statements.length);
  return second;
}

/** The statements that read `table` (hand-written SQL names it bare, the tenant loaders quoted). */
const reads = (statements: RecordedStatement[], table: string) => statements.filter((statement) => new RegExp(`\\bFROM "?${table}"?\\s`).test(statement.text));

describe('the dashboard query (no N+1)', () => {
  it('runs 4 round trips for 5 projects as for 50, for a user and for an API key', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 5);
    const five = await runTwice(DASHBOARD, org.as);
    expect(five.data.projects.nodes).toHaveLength(5);
    expect(five.data.projects.nodes[0].stages[0].owner.kind).toBe('STAFF');
    expect(five.data.projects.nodes[0].evaluations[0].measures[0].latest.value).toBe(11);
    expect(five.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);

    await addProjects(org, 45);
    const fifty = await run(DASHBOARD, org.as);
    expect(fifty.data.projects.nodes).toHaveLength(50);
    expect(fifty.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    // The owners and the measures ride in the stages' round trip.
    const [, , level] = fifty.statements;
    expect(reads([level!], 'stages')).toHaveLength(1);
    expect(reads([level!], 'partners')).toHaveLength(1);
    expect(reads([level!], 'measures')).toHaveLength(1);

    // The same for an API key (what dashboards on a wall use).
    const key = await buildApiKey(server, org);
    const keyed = await runTwice(DASHBOARD, key.as);
    expect(keyed.data).toEqual(fifty.data);
    expect(keyed.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
  });

  it('answers as reading each owner and each evaluation on its own does', async () => {
    const org = await buildOrganisation(server);
    await addVariedProjects(org);
    const dashboard = await runTwice(DASHBOARD, org.as);
    expect(dashboard.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);

    // The same query split in two: the first half asks neither owners nor measures, the second
    // half asks each stage's owner and each evaluation's measures by id (no lookahead there).
    const half = dataOf(
      await server.gql(
        `{ organisation { name } projects(first: 50) { nodes { id name status progress { percentComplete late }
           stages { id title status dueDate } evaluations { id } } } }`,
        {},
        org.as,
      ),
    );
    const nodes = [];
    for (const project of half.projects.nodes) {
      const stages = [];
      for (const stage of project.stages) {
        const { node } = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Stage { owner { id name kind } } } }`, { id: stage.id }, org.as));
        stages.push({ ...stage, owner: node.owner });
      }
      const evaluations = [];
      for (const { id } of project.evaluations) {
        const { node } = dataOf(
          await server.gql(`query ($id: ID!) { node(id: $id) { ... on Evaluation { measures { name baseline target latest { value date } } } } }`, { id }, org.as),
        );
        evaluations.push({ measures: node.measures });
      }
      nodes.push({ ...project, stages, evaluations });
    }
    expect(dashboard.data).toEqual({ organisation: half.organisation, projects: { nodes } });

    const [mixed, shared, planless] = dashboard.data.projects.nodes;
    expect(mixed.stages.map((stage: any) => stage.owner?.name ?? null)).toEqual(['Staff side', null, 'Unison branch']);
    expect(shared.stages[0].owner).toEqual(mixed.stages[0].owner);
    expect(mixed.evaluations).toEqual([
      {
        measures: [
          { name: 'Unmeasured', baseline: null, target: null, latest: null },
          { name: 'Waiting weeks', baseline: 5, target: 1, latest: { value: 3, date: '2024-03-01' } },
        ],
      },
      { measures: [] },
    ]);
    expect(shared.evaluations).toEqual([]);
    expect(planless.stages).toEqual([]);
    expect(planless.evaluations).toEqual([{ measures: [{ name: 'Only', baseline: 10, target: 5, latest: { value: 7, date: '2024-01-15' } }] }]);
  });

  it('reads ahead through fragments and aliases', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 3);
    const query = `
      query Wall { projects(first: 50) { nodes { ...Card } } }
      fragment Card on Project {
        id
        plan: stages { ... on Stage { title lead: owner { ...Who } } }
        evaluations { ...Scores }
      }
      fragment Who on Partner { id name }
      fragment Scores on Evaluation { ... { figures: measures { name now: latest { value } } } }`;
    const { data, statements } = await runTwice(query, org.as);
    expect(statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    expect(reads(statements, 'partners')).toHaveLength(1);
    expect(reads(statements, 'measures')).toHaveLength(1);

    const dashboard = (await run(DASHBOARD, org.as)).data;
    expect(data.projects.nodes).toEqual(
      dashboard.projects.nodes.map((project: any) => ({
        id: project.id,
        plan: project.stages.map((stage: any) => ({ title: stage.title, lead: { id: stage.owner.id, name: stage.owner.name } })),
        evaluations: project.evaluations.map((evaluation: any) => ({
          figures: evaluation.measures.map((measure: any) => ({ name: measure.name, now: { value: measure.latest.value } })),
        })),
      })),
    );
  });

  it('reads no partner and no measure when the query asks for neither', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 3);
    const neither = await runTwice(`{ projects(first: 50) { nodes { id stages { id title state: status } progress { late } evaluations { title } } } }`, org.as);
    expect(neither.data.projects.nodes).toHaveLength(3);
    // Opening, projects, stages with progress and evaluations, COMMIT: as before the lookahead.
    expect(neither.statements).toHaveLength(4);
    expect(reads(neither.statements, 'partners')).toEqual([]);
    expect(reads(neither.statements, 'measures')).toEqual([]);

    const ownersOnly = await runTwice(`{ projects(first: 50) { nodes { stages { owner { name } } evaluations { title } } } }`, org.as);
    expect(reads(ownersOnly.statements, 'partners')).toHaveLength(1);
    expect(reads(ownersOnly.statements, 'measures')).toEqual([]);

    // @include with a variable: the answer follows the variables of each request.
    const optional = `query ($owners: Boolean!) { projects(first: 50) { nodes { stages { id owner @include(if: $owners) { name } } } } }`;
    for (const owners of [false, true, false, true]) {
      const { data, statements } = await run(optional, org.as, { owners });
      expect(reads(statements, 'partners')).toHaveLength(owners ? 1 : 0);
      expect(statements).toHaveLength(4);
      expect('owner' in data.projects.nodes[0].stages[0]).toBe(owners);
    }
  });

  it("never reads ahead another organisation's partners or measures", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    await addProjects(a, 2);
    await addProjects(b, 2);
    const ownersOf = (data: any) => new Set(data.projects.nodes.flatMap((project: any) => project.stages.map((stage: any) => stage.owner.id)));
    const ofA = await run(DASHBOARD, a.as);
    const ofB = await run(DASHBOARD, b.as);
    expect([...ownersOf(ofB.data)].some((id) => ownersOf(ofA.data).has(id))).toBe(false);

    // Replay A's read-ahead round trip (stages, progress, evaluations, owners, measures).
    const level = ofA.statements.find((statement) => reads([statement], 'partners').length > 0)!;
    expect(reads([level], 'measures')).toHaveLength(1);
    const replay = async (organisationId: string, values: unknown[]) => {
      const db = new RequestDb(server.dataSource, { organisationId });
      try {
        const [row] = await db.query<Record<string, unknown[]>>(level.text, values);
        return Object.values(row!);
      } finally {
        await db.finish(false);
      }
    };
    const asB = level.values.map((value) => (value === a.uuid ? b.uuid : value));
    // As A it finds A's rows (so the replays below would see rows if they could).
    expect((await replay(a.uuid, level.values)).every((rows) => rows.length > 0)).toBe(true);
    // Row-level security alone: B's transaction with A's predicate sees nothing.
    expect((await replay(b.uuid, level.values)).every((rows) => rows.length === 0)).toBe(true);
    // B's predicate with A's project ids sees nothing either, with or without row-level security.
    expect((await replay(b.uuid, asB)).every((rows) => rows.length === 0)).toBe(true);
    const [owner] = await server.sql<Record<string, unknown[]>>(level.text, asB);
    expect(Object.values(owner!).every((rows) => rows.length === 0)).toBe(true);
  });
});
