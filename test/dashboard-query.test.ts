import { buildApiKey, buildOrganisation, type TestOrganisation } from './support/factories';
import { countStatements, dataOf, useTestServer } from './support/harness';

const server = useTestServer();

const DASHBOARD = `{
  projects(first: 50) { nodes {
    id name
    stages { id title owner { id name kind } }
    progress { percentComplete late }
    evaluations { measures { name latest { value date } } }
  } }
}`;

/** Adds `count` projects, each with 3 owned stages and an evaluation of 2 measured measures. */
async function addProjects(org: TestOrganisation, count: number): Promise<void> {
  const [{ id: organisationId }] = await server.sql('SELECT id FROM organisations WHERE slug = $1', [org.slug]);
  const [{ id: partnerId }] = await server.sql(
    `INSERT INTO partners (organisation_id, name, kind) VALUES ($1, 'Staff side ' || gen_random_uuid(), 'STAFF') RETURNING id`,
    [organisationId],
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
    [organisationId, partnerId, count],
  );
}

describe('the dashboard query (no N+1)', () => {
  it('runs the same number of SQL statements for 5 projects as for 50', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 5);
    let five: any;
    const statementsForFive = await countStatements(async () => {
      five = dataOf(await server.gql(DASHBOARD, {}, org.as));
    });
    expect(five.projects.nodes).toHaveLength(5);
    expect(five.projects.nodes[0].stages[0].owner.kind).toBe('STAFF');
    expect(five.projects.nodes[0].evaluations[0].measures[0].latest.value).toBe(11);

    await addProjects(org, 45);
    let fifty: any;
    const statementsForFifty = await countStatements(async () => {
      fifty = dataOf(await server.gql(DASHBOARD, {}, org.as));
    });
    expect(fifty.projects.nodes).toHaveLength(50);
    expect(statementsForFifty).toBe(statementsForFive);
    // The caller's membership is checked in the round trip that opens the transaction; then one
    // per relation level (projects; stages and evaluations; owners and measures with their latest
    // measurement) and COMMIT.
    expect(statementsForFifty).toBeLessThanOrEqual(5);

    // The same for an API key (what dashboards on a wall use).
    const key = await buildApiKey(server, org);
    let keyed: any;
    const statementsWithKey = await countStatements(async () => {
      keyed = dataOf(await server.gql(DASHBOARD, {}, key.as));
    });
    expect(keyed).toEqual(fifty);
    expect(statementsWithKey).toBeLessThanOrEqual(5);
  });
});
