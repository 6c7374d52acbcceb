import { LatestMeasurementOnMeasure1764203100000 } from '../src/db/migrations/1764203100000-latest-measurement-on-measure';
import { buildOrganisation, buildProject, type TestOrganisation } from './support/factories';
import { DASHBOARD } from './support/dashboard';
import { dataOf, recordStatements, useTestServer } from './support/harness';
import { uuidOf } from './support/ids';

// A measure keeps its latest measurement's id (migration 1764203100000), so the dashboard reads the
// latest values by id; these check that what it keeps is what the measurements say, through every
// write, and that the dashboard's statements do not grow with its measures.

// The dashboard below asks for 20 projects' lists, each priced at its cap.
const server = useTestServer({ env: { QUERY_MAX_COST: '10000000' } });

/** Measures of `organisation` whose kept latest is not the one their measurements give, with both: none, when all is well. */
async function wronglyKept(organisation: TestOrganisation) {
  return server.sql(
    `SELECT m.id, m.latest_measurement_id AS kept, latest.id AS computed FROM measures m
       LEFT JOIN LATERAL (SELECT x.id FROM measurements x WHERE x.organisation_id = m.organisation_id AND x.measure_id = m.id AND x.archived_at IS NULL
                           ORDER BY x.date DESC, x.created_at DESC, x.id DESC LIMIT 1) latest ON true
      WHERE m.organisation_id = $1 AND m.latest_measurement_id IS DISTINCT FROM latest.id`,
    [organisation.uuid],
  );
}

describe("a measure's latest measurement", () => {
  it('follows recording, corrections of the date either way, archive and restore, with ties to the one recorded last', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = dataOf(
      await server.gql(`mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`, { input: { projectId: project.id, title: 'Impact' } }, org.as),
    ).createEvaluation;
    const addMeasure = async (name: string) =>
      dataOf(
        await server.gql(
          `mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id latest { id } } }`,
          { input: { evaluationId: evaluation.id, name, baseline: 40, target: 20, direction: 'LOWER_IS_BETTER' } },
          org.as,
        ),
      ).addMeasure;
    const record = async (measureId: string, value: number, date: string): Promise<string> =>
      dataOf(await server.gql(`mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`, { input: { measureId, value, date } }, org.as))
        .recordMeasurement.id;
    const correct = async (id: string, change: { value?: number; date?: string }) =>
      dataOf(
        await server.gql(`mutation ($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }`, { input: { id, ...change, reason: 'Typed wrong' } }, org.as),
      );
    const setArchived = async (id: string, archived: boolean) =>
      dataOf(await server.gql(`mutation ($id: ID!) { ${archived ? 'archive' : 'restore'}(id: $id) { id } }`, { id }, org.as));
    /** The measure's latest as GraphQL answers it, after checking every measure of the organisation keeps the right one. */
    const latestOf = async (measureId: string) => {
      expect(await wronglyKept(org)).toEqual([]);
      return dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Measure { latest { id value date } } } }`, { id: measureId }, org.as)).node.latest;
    };

    const waits = await addMeasure('Average wait');
    const other = await addMeasure('Vacancies');
    expect(waits.latest).toBeNull();
    expect(await latestOf(waits.id)).toBeNull();
    const vacancies = await record(other.id, 12, '2025-01-01');

    const march = await record(waits.id, 35, '2025-03-01');
    expect(await latestOf(waits.id)).toEqual({ id: march, value: 35, date: '2025-03-01' });
    // An earlier day changes nothing; a later one takes over.
    const january = await record(waits.id, 50, '2025-01-15');
    expect((await latestOf(waits.id)).id).toBe(march);
    const june = await record(waits.id, 25, '2025-06-01');
    expect((await latestOf(waits.id)).id).toBe(june);
    // The same day again: the one recorded last.
    const juneAgain = await record(waits.id, 24, '2025-06-01');
    expect((await latestOf(waits.id)).id).toBe(juneAgain);

    // A correction that moves the latest earlier hands over to the next; one that moves another later takes over.
    await correct(juneAgain, { date: '2025-02-01' });
    expect((await latestOf(waits.id)).id).toBe(june);
    await correct(january, { date: '2025-09-01' });
    expect(await latestOf(waits.id)).toEqual({ id: january, value: 50, date: '2025-09-01' });
    // A new value keeps the same latest, with its new value.
    await correct(january, { value: 45 });
    expect(await latestOf(waits.id)).toEqual({ id: january, value: 45, date: '2025-09-01' });

    // Archived, it is no one's latest; restored, it is again.
    await setArchived(january, true);
    expect((await latestOf(waits.id)).id).toBe(june);
    for (const id of [june, march, juneAgain]) await setArchived(id, true);
    expect(await latestOf(waits.id)).toBeNull();
    await setArchived(march, false);
    expect((await latestOf(waits.id)).id).toBe(march);
    await setArchived(january, false);
    expect((await latestOf(waits.id)).id).toBe(january);

    // The other measure was never touched by any of it.
    expect((await latestOf(other.id)).id).toBe(vacancies);
    const [row] = await server.sql(`SELECT latest_measurement_id FROM measures WHERE id = $1`, [uuidOf(other.id)]);
    expect(row.latest_measurement_id).toBe(uuidOf(vacancies));
  });

  it('is kept for rows written in SQL, many at once, and gone with its measurement', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 2, 3);
    expect(await wronglyKept(org)).toEqual([]);
    const [{ n }] = await server.sql(`SELECT count(*)::int AS n FROM measures WHERE organisation_id = $1 AND latest_measurement_id IS NOT NULL`, [org.uuid]);
    expect(n).toBe(6);
    await server.sql(`DELETE FROM measurements WHERE organisation_id = $1 AND date = current_date - 1`, [org.uuid]);
    expect(await wronglyKept(org)).toEqual([]);
    await server.sql(`UPDATE measurements SET archived_at = now() WHERE organisation_id = $1`, [org.uuid]);
    expect(await wronglyKept(org)).toEqual([]);
    expect(await server.sql(`SELECT 1 FROM measures WHERE organisation_id = $1 AND latest_measurement_id IS NOT NULL`, [org.uuid])).toEqual([]);
  });

  it('is filled in by its migration for measurements written before it', async () => {
    const org = await buildOrganisation(server);
    await addProjects(org, 1, 2);
    // Everything between down and up goes through the migration's own connection (the embedded database has only one).
    const migration = new LatestMeasurementOnMeasure1764203100000();
    const runner = server.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await runner.query(
        `INSERT INTO measurements (organisation_id, measure_id, value, date, created_at)
         SELECT organisation_id, id, 99, current_date, now() + interval '1 minute' FROM measures WHERE organisation_id = $1 AND position = 1`,
        [org.uuid],
      );
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await wronglyKept(org)).toEqual([]);
    const latest = await server.sql(
      `SELECT m.position, x.value FROM measures m JOIN measurements x ON x.organisation_id = m.organisation_id AND x.id = m.latest_measurement_id WHERE m.organisation_id = $1 ORDER BY m.position`,
      [org.uuid],
    );
    expect(latest).toEqual([
      { position: 1, value: 99 },
      { position: 2, value: 11 },
    ]);
  });
});

describe("the dashboard's latest measurements", () => {
  it('are read by id, in the same statements for 1 measure per evaluation as for 20', async () => {
    const few = await buildOrganisation(server);
    const many = await buildOrganisation(server);
    await addProjects(few, 20, 1);
    await addProjects(many, 20, 20);
    const run = async (org: TestOrganisation) => {
      let data: any;
      const statements = await recordStatements(async () => {
        data = dataOf(await server.gql(DASHBOARD, {}, org.as));
      });
      return { data, statements };
    };
    await run(few);
    await run(many);
    const one = await run(few);
    const twenty = await run(many);

    const measures = (data: any) => data.projects.nodes.flatMap((project: any) => project.evaluations.flatMap((evaluation: any) => evaluation.measures));
    expect(measures(one.data)).toHaveLength(20);
    expect(measures(twenty.data)).toHaveLength(400);
    expect(measures(twenty.data).every((measure: any) => measure.latest?.value === 11)).toBe(true);
    expect(twenty.statements).toHaveLength(one.statements.length);
    // One read of measurements, by the ids the measures keep: no probe per measure.
    for (const { statements } of [one, twenty]) {
      const text = statements.map((statement) => statement.text).join('\n');
      expect(text.match(/FROM "measurements"/g)).toHaveLength(1);
      expect(text).toMatch(/FROM "measurements" WHERE organisation_id = \$\d+ AND id = ANY\(ARRAY\(SELECT "latest_measurement_id" FROM "measures"/);
      expect(text).not.toMatch(/LATERAL/);
    }
  });
});

/** Adds `count` projects, each with an evaluation of `measures` measures, each measured on the 3 days before today (latest value 11). */
async function addProjects(org: TestOrganisation, count: number, measures: number): Promise<void> {
  await server.sql(
    `WITH p AS (
       INSERT INTO projects (organisation_id, name) SELECT $1, 'Project ' || g FROM generate_series(1, $2::int) g RETURNING id
     ), e AS (
       INSERT INTO evaluations (organisation_id, project_id, title) SELECT $1, p.id, 'Impact' FROM p RETURNING id
     ), m AS (
       INSERT INTO measures (organisation_id, evaluation_id, name, baseline, target, direction, position)
       SELECT $1, e.id, 'Measure ' || g, 10, 20, 'HIGHER_IS_BETTER', g FROM e, generate_series(1, $3::int) g RETURNING id
     )
     INSERT INTO measurements (organisation_id, measure_id, value, date)
     SELECT $1, m.id, 10 + g, current_date - g FROM m, generate_series(1, 3) g`,
    [org.uuid, count, measures],
  );
}
