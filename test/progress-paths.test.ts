import { buildOrganisation } from './support/factories';
import { countStatements, dataOf, useTestServer } from './support/harness';

const server = useTestServer();

const PROGRESS = 'progress { projectId total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }';
const ALONE = `{ projects(first: 10) { nodes { id ${PROGRESS} } } }`;
const WITH_STAGES = `{ projects(first: 10) { nodes { id ${PROGRESS} stages { id } } } }`;

/**
 * Progress is counted by one aggregate query, or from the stage rows when the same request loads
 * the project's stages anyway (src/modules/stages/stage.loader.ts): both must say the same.
 */
describe('project progress, counted in SQL or from the stages already loaded', () => {
  it('is the same either way, and costs one round trip fewer alongside the stages', async () => {
    const org = await buildOrganisation(server);
    const [{ id: organisationId }] = await server.sql('SELECT id FROM organisations WHERE slug = $1', [org.slug]);
    // One project with every status, due dates either side of today and two completions; one
    // project without stages.
    await server.sql(
      `WITH p AS (
         INSERT INTO projects (organisation_id, name, status, created_at)
         VALUES ($1, 'Mixed', 'ACTIVE', now() - interval '2 minutes'), ($1, 'Empty', 'ACTIVE', now() - interval '1 minute')
         RETURNING id, name
       )
       INSERT INTO stages (organisation_id, project_id, title, position, status, due_date, started_at, completed_at, blocked_reason)
       SELECT $1, p.id, s.title, s.position, s.status, current_date + s.due, s.started, s.completed, s.reason
         FROM p, (VALUES
           ('done long ago', 0, 'DONE', -9, now() - interval '9 days', now() - interval '5 days', NULL),
           ('done lately',   1, 'DONE', -2, now() - interval '4 days', now() - interval '3 days 1 hour', NULL),
           ('running late',  2, 'IN_PROGRESS', -1, now() - interval '1 day', NULL::timestamptz, NULL),
           ('blocked late',  3, 'BLOCKED', -3, NULL, NULL, 'Waiting'),
           ('cancelled',     4, 'CANCELLED', -5, NULL, NULL, NULL),
           ('due today',     5, 'NOT_STARTED', 0, NULL, NULL, NULL),
           ('due later',     6, 'NOT_STARTED', 30, NULL, NULL, NULL)
         ) AS s (title, position, status, due, started, completed, reason)
        WHERE p.name = 'Mixed'`,
      [organisationId],
    );

    let alone: any;
    let withStages: any;
    const statementsAlone = await countStatements(async () => {
      alone = dataOf(await server.gql(ALONE, {}, org.as));
    });
    const statementsWithStages = await countStatements(async () => {
      withStages = dataOf(await server.gql(WITH_STAGES, {}, org.as));
    });

    const progressOf = (data: any) => data.projects.nodes.map((node: any) => node.progress);
    expect(progressOf(withStages)).toEqual(progressOf(alone));
    expect(progressOf(alone)[0]).toMatchObject({ total: 6, done: 2, inProgress: 1, blocked: 1, late: 2, percentComplete: 33.3, daysSinceLastCompletion: 3 });
    expect(progressOf(alone)[1]).toMatchObject({ total: 0, done: 0, late: 0, percentComplete: 0, lastCompletedAt: null });
    expect(withStages.projects.nodes[0].stages).toHaveLength(7);
    // The stages ride in the page's round trip (read ahead, src/modules/projects/project.service.ts)
    // and progress is counted from them: the aggregate's round trip is gone.
    expect(statementsWithStages).toBe(statementsAlone - 1);
  });
});
