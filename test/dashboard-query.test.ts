import { RequestDb } from '../src/db/request-db';
import { buildApiKey, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, recordStatements, useTestServer, type Caller, type RecordedStatement } from './support/harness';
import { DASHBOARD } from './support/dashboard';
import { uuidOf } from './support/ids';
import { toGlobalId } from '../src/common/global-id';

// Priced at the lists' caps, a query three relations deep costs more than the default allows: the round trips are what is measured here.
const server = useTestServer({ env: { QUERY_MAX_COST: '10000000' } });

/**
 * The round trips of the dashboard: the one that opens the transaction (and checks the caller's
 * membership or API key); organisation and the projects page, with everything the page's projects
 * are asked (stages with their owners, evaluations with their measures and latest measurements,
 * progress counted from the stages) read ahead, keyed to the page; COMMIT.
 */
const DASHBOARD_ROUND_TRIPS = 3;

/** What the dashboard reads with the page: one read of each, in that one round trip. */
const DASHBOARD_LEVEL = ['evaluations', 'measurements', 'measures', 'organisations', 'partners', 'projects', 'stages'];

/** Adds `count` projects, each with 3 owned stages and an evaluation of 2 measured measures. */
async function addProjects(org: TestOrganisation, count: number): Promise<void> {
  const [{ id: partnerId }] = await server.sql(`INSERT INTO partners (organisation_id, name, kind) VALUES ($1, 'Staff side ' || gen_random_uuid(), 'STAFF') RETURNING id`, [
    org.uuid,
  ]);
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
    one(`INSERT INTO stages (organisation_id, project_id, title, position, owner_partner_id, due_date, status) VALUES ($1, $2, $3, $4, $5, $6::date, $7)`, [
      projectId,
      title,
      position,
      owner,
      due,
      status,
    ]);
  const evaluation = (projectId: string, title: string) => one(`INSERT INTO evaluations (organisation_id, project_id, title) VALUES ($1, $2, $3)`, [projectId, title]);
  const measure = (evaluationId: string, name: string, position: number, baseline: number | null, target: number | null) =>
    one(`INSERT INTO measures (organisation_id, evaluation_id, name, position, baseline, target, direction) VALUES ($1, $2, $3, $4, $5, $6, 'LOWER_IS_BETTER')`, [
      evaluationId,
      name,
      position,
      baseline,
      target,
    ]);
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
 * graphql-jit compilation (src/execution/jit-executor.ts). Both must answer the same in as many round trips.
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

/** The reads one batched statement carries (src/db/read-batch.ts), each its own SQL. */
const readsIn = (statement: RecordedStatement) => statement.text.split(/\(SELECT coalesce\(json_agg\(t\), '\[\]'\) FROM \(/).slice(1);

/** The table a read reads from: the FROM outside every parenthesis (subqueries left out). */
function tableOf(read: string): string {
  let outer = read;
  while (/\([^()]*\)/.test(outer)) outer = outer.replace(/\([^()]*\)/g, '');
  return /\bFROM "?(\w+)"?/.exec(outer)![1]!;
}

/** The tables one batched statement reads, one entry per read, sorted. */
const tablesIn = (statement: RecordedStatement) => readsIn(statement).map(tableOf).sort();

/** What the dashboard shows of each project: the nodes of DASHBOARD. */
const CARD = `id name status
  progress { percentComplete late }
  stages { id title status dueDate owner { id name kind } }
  evaluations { measures { name baseline target latest { value date } } }`;

/** The dashboard's nodes of one page, with the page's arguments. */
const PAGE = `query ($first: Int, $after: String, $status: ProjectStatus) {
  projects(first: $first, after: $after, status: $status) { nodes { ${CARD} } pageInfo { hasNextPage endCursor } }
}`;

describe('the dashboard query (no N+1)', () => {
  it('runs 3 round trips for 5 projects as for 50, for a user and for an API key', async () => {
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
    // Everything rides in the page's round trip, one read each (progress counted from the stages).
    expect(tablesIn(fifty.statements[1]!)).toEqual(DASHBOARD_LEVEL);

    // The same for an API key (what dashboards on a wall use).
    const key = await buildApiKey(server, org);
    const keyed = await runTwice(DASHBOARD, key.as);
    expect(keyed.data).toEqual(fifty.data);
    expect(keyed.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    expect(tablesIn(keyed.statements[1]!)).toEqual(DASHBOARD_LEVEL);
  });

  it('answers as reading each project on its own does, page by page, with and without a status', async () => {
    const org = await buildOrganisation(server);
    await addVariedProjects(org);
    // PROPOSED ones between and after the ACTIVE ones, for the status filter to skip.
    await addProjects(org, 2);
    await server.sql(`INSERT INTO projects (organisation_id, name, status) VALUES ($1, 'Late active', 'ACTIVE')`, [org.uuid]);
    await addProjects(org, 1);

    /** Each project as `node(id)` gives it: no page, so nothing read ahead of it. */
    const alone = async (ids: string[]) => {
      const nodes = [];
      for (const id of ids) nodes.push(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Project { ${CARD} } } }`, { id }, org.as)).node);
      return nodes;
    };
    /** The page's projects as a page that asks them nothing gives them: the same ids, the same cursor. */
    const idsOf = async (variables: Record<string, unknown>) =>
      dataOf(
        await server.gql(
          `query ($first: Int, $after: String, $status: ProjectStatus) {
             projects(first: $first, after: $after, status: $status) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
          variables,
          org.as,
        ),
      ).projects;

    const dashboard = await runTwice(DASHBOARD, org.as);
    expect(dashboard.statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    expect(dashboard.data.projects.nodes).toEqual(await alone(dashboard.data.projects.nodes.map((project: any) => project.id)));

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
    expect(planless.progress).toEqual({ percentComplete: 0, late: 0 });
    expect(planless.evaluations).toEqual([{ measures: [{ name: 'Only', baseline: 10, target: 5, latest: { value: 7, date: '2024-01-15' } }] }]);

    // Page by page, all of them and only the ACTIVE ones: the same nodes as without reading ahead,
    // and the read-ahead reads the page's projects only (not the extra row that tells hasNextPage).
    for (const status of [null, 'ACTIVE']) {
      let after: string | null = null;
      const seen: string[] = [];
      for (let pages = 0; pages < 10; pages += 1) {
        const variables: Record<string, unknown> = { first: 2, after, status };
        const { data, statements } = await runTwice(PAGE, org.as, variables);
        const plain = await idsOf(variables);
        const ids = data.projects.nodes.map((project: any) => project.id);
        expect(ids).toEqual(plain.nodes.map((project: any) => project.id));
        expect(data.projects.pageInfo).toEqual(plain.pageInfo);
        expect(data.projects.nodes).toEqual(await alone(ids));
        expect(statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
        const [level] = await server.sql<Record<string, any[]>>(statements[1]!.text, statements[1]!.values);
        const readFor = new Set(Object.values(level!).flatMap((rows) => rows.filter((row) => 'projectId' in row).map((row) => row.projectId)));
        expect([...readFor].every((id) => ids.map(uuidOf).includes(id))).toBe(true);
        seen.push(...data.projects.nodes.map((project: any) => project.name));
        if (!data.projects.pageInfo.hasNextPage) break;
        after = data.projects.pageInfo.endCursor;
      }
      const expected = status ? ['Owned and unowned stages', 'Shared owner', 'No stages', 'Late active'] : undefined;
      if (expected) expect(seen).toEqual(expected);
      else expect(seen).toHaveLength(7);
    }
  });

  it('reads ahead what a page asks for, however it asks', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 3);
    // Fragments, aliases and the connection's edges.
    const query = `
      query Wall { projects(first: 50) { edges { node { ...Card } } } }
      fragment Card on Project {
        id
        plan: stages { ... on Stage { title lead: owner { ...Who } } }
        evaluations { ...Scores }
      }
      fragment Who on Partner { id name }
      fragment Scores on Evaluation { ... { figures: measures { name now: latest { value } } } }`;
    const { data, statements } = await runTwice(query, org.as);
    expect(statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    expect(tablesIn(statements[1]!)).toEqual(['evaluations', 'measurements', 'measures', 'partners', 'projects', 'stages']);

    const dashboard = (await run(DASHBOARD, org.as)).data;
    expect(data.projects.edges.map((edge: any) => edge.node)).toEqual(
      dashboard.projects.nodes.map((project: any) => ({
        id: project.id,
        plan: project.stages.map((stage: any) => ({ title: stage.title, lead: { id: stage.owner.id, name: stage.owner.name } })),
        evaluations: project.evaluations.map((evaluation: any) => ({
          figures: evaluation.measures.map((measure: any) => ({ name: measure.name, now: { value: measure.latest.value } })),
        })),
      })),
    );

    // A project asked for on its own in the same operation: what the page primes does not replace
    // what that field loaded, and both answer alike.
    const { id } = dashboard.projects.nodes[1];
    const both = await runTwice(`query ($id: ID!) { one: project(id: $id) { ${CARD} } projects(first: 50) { nodes { ${CARD} } } }`, org.as, { id });
    expect(both.data.one).toEqual(dashboard.projects.nodes[1]);
    expect(both.data.projects).toEqual(dashboard.projects);
  });

  it('reads no stage, evaluation, partner or measure a page does not ask for', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 3);
    const none = await runTwice(`{ projects(first: 50) { nodes { id name status } pageInfo { hasNextPage } } }`, org.as);
    expect(none.data.projects.nodes).toHaveLength(3);
    expect(none.statements).toHaveLength(3);
    expect(tablesIn(none.statements[1]!)).toEqual(['projects']);
    for (const table of ['stages', 'evaluations', 'measures', 'partners']) expect(reads(none.statements, table)).toEqual([]);

    // Progress alone is counted in its own read, a level below, as it always was.
    const progress = await runTwice(`{ projects(first: 50) { nodes { id progress { late } } } }`, org.as);
    expect(progress.statements).toHaveLength(4);
    expect(tablesIn(progress.statements[1]!)).toEqual(['projects']);
    expect(tablesIn(progress.statements[2]!)).toEqual(['stages']);

    const neither = await runTwice(`{ projects(first: 50) { nodes { id stages { id title state: status } progress { late } evaluations { title } } } }`, org.as);
    expect(neither.data.projects.nodes).toHaveLength(3);
    expect(neither.statements).toHaveLength(3);
    expect(tablesIn(neither.statements[1]!)).toEqual(['evaluations', 'projects', 'stages']);

    const ownersOnly = await runTwice(`{ projects(first: 50) { nodes { stages { owner { name } } evaluations { title } } } }`, org.as);
    expect(ownersOnly.statements).toHaveLength(3);
    expect(tablesIn(ownersOnly.statements[1]!)).toEqual(['evaluations', 'partners', 'projects', 'stages']);

    // @include with a variable: the answer follows the variables of each request.
    const optional = `query ($owners: Boolean!) { projects(first: 50) { nodes { stages { id owner @include(if: $owners) { name } } } } }`;
    for (const owners of [false, true, false, true]) {
      const { data, statements } = await run(optional, org.as, { owners });
      expect(tablesIn(statements[1]!)).toEqual(owners ? ['partners', 'projects', 'stages'] : ['projects', 'stages']);
      expect(statements).toHaveLength(3);
      expect('owner' in data.projects.nodes[0].stages[0]).toBe(owners);
    }
  });

  it("reads a relation declared once (Stage.challenges) in the page's round trip, with nothing else to wire", async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 4);
    const [{ id: stageId, project_id: projectId }] = await server.sql(`SELECT id, project_id FROM stages WHERE organisation_id = $1 ORDER BY position LIMIT 1`, [org.uuid]);
    const [{ id: principleId }] = await server.sql(`INSERT INTO principles (organisation_id, title, position) VALUES ($1, 'Shared goals', 0) RETURNING id`, [org.uuid]);
    const [{ id: partnerId }] = await server.sql(`SELECT id FROM partners WHERE organisation_id = $1`, [org.uuid]);
    await server.sql(
      `INSERT INTO challenges (organisation_id, project_id, raised_by_partner_id, principle_id, description, concerns_stage_id) VALUES ($1, $2, $3, $4, 'Not consulted', $5)`,
      [org.uuid, projectId, partnerId, principleId, stageId],
    );
    const query = `{ projects(first: 10) { nodes { stages { id title owner { name } challenges { status description raisedBy { name } } } } } }`;
    const { data, statements } = await runTwice(query, org.as);
    expect(statements).toHaveLength(DASHBOARD_ROUND_TRIPS);
    expect(tablesIn(statements[1]!)).toEqual(['challenges', 'partners', 'partners', 'projects', 'stages']);
    const challenged = data.projects.nodes.flatMap((project: any) => project.stages).filter((stage: any) => stage.challenges.length > 0);
    expect(challenged).toEqual([
      expect.objectContaining({ challenges: [{ status: 'OPEN', description: 'Not consulted', raisedBy: { name: expect.stringMatching(/^Staff side/) } }] }),
    ]);
  });

  it('reads every level below one project in one round trip after the project', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 2);
    const [{ id }] = await server.sql(`SELECT id FROM projects WHERE organisation_id = $1 ORDER BY created_at LIMIT 1`, [org.uuid]);
    const query = `query ($id: ID!) { project(id: $id) { name stages { title owner { name } challenges { status } } evaluations { measures { name latest { value } } } } }`;
    const { data, statements } = await runTwice(query, org.as, { id: toGlobalId('Project', id) });
    // Open (with the caller's membership), the project, everything below it, COMMIT.
    expect(statements).toHaveLength(4);
    expect(tablesIn(statements[2]!)).toEqual(['challenges', 'evaluations', 'measurements', 'measures', 'partners', 'stages']);
    expect(data.project.stages).toHaveLength(3);
    expect(data.project.evaluations[0].measures.map((measure: any) => measure.latest.value)).toEqual([11, 11]);
  });

  it("never reads ahead another organisation's stages, evaluations, partners or measures", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const empty = await buildOrganisation(server);
    await addProjects(a, 2);
    await addProjects(b, 2);
    const ownersOf = (data: any) => new Set(data.projects.nodes.flatMap((project: any) => project.stages.map((stage: any) => stage.owner.id)));
    const ofA = await run(PAGE, a.as);
    const ofB = await run(PAGE, b.as);
    expect([...ownersOf(ofB.data)].some((id) => ownersOf(ofA.data).has(id))).toBe(false);

    // Replay A's page round trip (the page, its stages, owners, evaluations and measures).
    const level = ofA.statements[1]!;
    expect(tablesIn(level)).toEqual(['evaluations', 'measurements', 'measures', 'partners', 'projects', 'stages']);
    const replay = async (organisationId: string, values: unknown[]) => {
      const db = new RequestDb(server.dataSource, { organisationId });
      try {
        const [row] = await db.query<Record<string, unknown[]>>('replay the page round trip', level.text, values);
        return Object.values(row!);
      } finally {
        await db.finish(false);
      }
    };
    const as = (organisationId: string) => level.values.map((value) => (value === a.uuid ? organisationId : value));
    // As A it finds A's rows (so the replays below would see rows if they could).
    expect((await replay(a.uuid, level.values)).every((rows) => rows.length > 0)).toBe(true);
    // Row-level security alone: another organisation's transaction with A's predicate sees nothing.
    expect((await replay(b.uuid, level.values)).every((rows) => rows.length === 0)).toBe(true);
    expect((await replay(empty.uuid, level.values)).every((rows) => rows.length === 0)).toBe(true);
    // Another organisation's predicate, with or without row-level security: nothing of A's. An
    // organisation without projects finds nothing at all; B finds what its own page reads.
    expect((await replay(empty.uuid, as(empty.uuid))).every((rows) => rows.length === 0)).toBe(true);
    const [asEmpty] = await server.sql<Record<string, unknown[]>>(level.text, as(empty.uuid));
    expect(Object.values(asEmpty!).every((rows) => rows.length === 0)).toBe(true);
    const [asB] = await server.sql<Record<string, unknown[]>>(level.text, as(b.uuid));
    const [ownB] = await server.sql<Record<string, unknown[]>>(ofB.statements[1]!.text, ofB.statements[1]!.values);
    expect(asB).toEqual(ownB);
    expect(JSON.stringify(asB)).not.toContain(a.uuid);
    expect(Object.values(asB!).every((rows) => rows.length > 0)).toBe(true);
  });
});
