import { getNamedType, isLeafType, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { toGlobalId } from '../src/common/global-id';
import { isOnDemand, onDemandProperties, type ColumnPlan } from '../src/db/column-plan';
import { planColumns } from '../src/execution/column-planner';
import { RequestDb } from '../src/db/request-db';
import { entityRead } from '../src/db/entity-read';
import { Challenge } from '../src/modules/challenges/challenge.entity';
import { Evaluation } from '../src/modules/evaluations/evaluation.entity';
import { Measure } from '../src/modules/evaluations/measure.entity';
import { Measurement } from '../src/modules/evaluations/measurement.entity';
import { Organisation } from '../src/modules/organisations/organisation.entity';
import { Partner } from '../src/modules/partners/partner.entity';
import { Project } from '../src/modules/projects/project.entity';
import { Celebration } from '../src/modules/stages/celebration.entity';
import { Stage } from '../src/modules/stages/stage.entity';
import { createSchema } from '../src/schema';
import { setProjectStatus } from './support/db-state';
import { buildApiKey, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, recordStatements, useTestServer, type Caller, type GraphQLResponse, type RecordedStatement } from './support/harness';
import { DASHBOARD } from './support/dashboard';
import { uuidOf } from './support/ids';

// A query operation reads an entity's on-demand columns (timestamps, nullable text) only when a
// selected field uses them (src/db/column-plan.ts); mutations read every column.

const server = useTestServer();

let schemaPromise: Promise<GraphQLSchema> | undefined;
/** The schema the server serves, built again here (planColumns caches per schema object). */
const schema = () => (schemaPromise ??= createSchema());

const PROGRESS = 'projectId total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion';

/** Runs `query` as `caller` (with `operationName`, when given): the response and the statements it sent. */
async function post(
  query: string,
  caller: Caller,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<{ response: GraphQLResponse; statements: RecordedStatement[] }> {
  let response!: GraphQLResponse;
  const statements = await recordStatements(async () => {
    if (operationName === undefined) {
      response = await server.gql(query, variables, caller);
      return;
    }
    // The harness's gql sends no operationName.
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.organisation) headers['x-organisation'] = caller.organisation;
    const reply = await fetch(server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
    response = { status: reply.status, body: (await reply.json()) as GraphQLResponse['body'], headers: reply.headers };
  });
  return { response, statements };
}

/** Runs `query`: its data (no errors allowed) and the statements it sent. */
async function run(query: string, caller: Caller, variables: Record<string, unknown> = {}, operationName?: string): Promise<{ data: any; statements: RecordedStatement[] }> {
  const { response, statements } = await post(query, caller, variables, operationName);
  return { data: dataOf(response), statements };
}

/**
 * Runs `query` twice: an operation's first run executes on graphql-js, later ones on its
 * graphql-jit compilation (src/execution/jit-executor.ts). Both must answer the same; returns the second.
 */
async function runTwice(query: string, caller: Caller, variables: Record<string, unknown> = {}, operationName?: string): Promise<{ data: any; statements: RecordedStatement[] }> {
  const first = await run(query, caller, variables, operationName);
  const second = await run(query, caller, variables, operationName);
  expect(second.data).toEqual(first.data);
  return second;
}

/** `text` without what is inside parentheses: a SELECT list's own items, not its subqueries'. */
function topLevel(text: string): string {
  let depth = 0;
  let out = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (depth === 0) out += char;
    if (char === ')') depth -= 1;
  }
  return out;
}

/**
 * For every SELECT in `statements` that reads `table` into entities (its list aliases columns,
 * `"completed_at" AS "completedAt"`), the database columns it lists. Subqueries, aggregates
 * (Progress's counts) and id lookups (`SELECT owner_partner_id FROM stages`) list none and are left out.
 */
function columnsRead(statements: RecordedStatement[], table: string): Set<string>[] {
  const reads: Set<string>[] = [];
  for (const { text } of statements) {
    for (const from of text.matchAll(new RegExp(`\\bFROM "?${table}"?(?![\\w"])`, 'g'))) {
      // Back to the SELECT this FROM belongs to: the '(' that opens its subquery, or the start.
      let depth = 0;
      let start = from.index;
      while (start > 0) {
        const char = text[start - 1];
        if (char === ')') depth += 1;
        if (char === '(') {
          if (depth === 0) break;
          depth -= 1;
        }
        start -= 1;
      }
      const list = topLevel(text.slice(start, from.index));
      const columns = [...list.matchAll(/"(\w+)"(?:::\w+)? AS "\w+"/g)].map((match) => match[1]!);
      if (columns.length > 0) reads.push(new Set(columns));
    }
  }
  return reads;
}

/** The entity reads of `table` in `statements` (fails the test when there is none). */
function someReads(statements: RecordedStatement[], table: string): Set<string>[] {
  const reads = columnsRead(statements, table);
  expect(reads.length).toBeGreaterThan(0);
  return reads;
}

/** The one entity read of `table` in `statements` (fails the test when there is not exactly one). */
function onlyRead(statements: RecordedStatement[], table: string): Set<string> {
  const reads = columnsRead(statements, table);
  expect(reads).toHaveLength(1);
  return reads[0]!;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** One row's id, inserted as the database owner (white-box: any status, any timestamp). */
async function insert(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.sql<{ id: string }>(`${sql} RETURNING id`, params);
  return row!.id;
}

/**
 * A project with every wide column filled in: a described partner owning a DONE stage, a BLOCKED
 * late stage and a NOT_STARTED one, each with free text and timestamps, and an evaluation with a
 * measure (with a unit) and two annotated measurements.
 */
async function addWideProject(org: TestOrganisation) {
  const partner = await insert(`INSERT INTO partners (organisation_id, name, kind, description) VALUES ($1, 'Unison branch', 'TRADE_UNION', 'Represents nursing staff')`, [
    org.uuid,
  ]);
  const project = await insert(`INSERT INTO projects (organisation_id, name, status, summary, goals) VALUES ($1, 'Rota redesign', 'ACTIVE', 'Fewer night shifts', 'Keep staff')`, [
    org.uuid,
  ]);
  const stage = (
    title: string,
    position: number,
    values: { status: string; description?: string; blocked?: string; started?: string; completed?: string; due?: string; owner?: string },
  ) =>
    insert(
      `INSERT INTO stages (organisation_id, project_id, title, position, status, description, blocked_reason, started_at, completed_at, due_date, owner_partner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz, $10::date, $11)`,
      [
        org.uuid,
        project,
        title,
        position,
        values.status,
        values.description ?? null,
        values.blocked ?? null,
        values.started ?? null,
        values.completed ?? null,
        values.due ?? null,
        values.owner ?? null,
      ],
    );
  const consult = await stage('Consult', 0, {
    status: 'DONE',
    description: 'Talk to everyone',
    started: '2024-01-02T09:00:00Z',
    completed: '2024-01-05T10:30:00.123456Z',
    due: '2024-01-10',
    owner: partner,
  });
  const draft = await stage('Draft', 1, { status: 'BLOCKED', blocked: 'Waiting for budget', started: '2024-02-01T08:00:00Z', due: '2020-01-01' });
  const agree = await stage('Agree', 2, { status: 'NOT_STARTED', description: 'Sign off', due: '2999-01-01', owner: partner });
  const evaluation = await insert(`INSERT INTO evaluations (organisation_id, project_id, title) VALUES ($1, $2, 'Impact')`, [org.uuid, project]);
  const measure = await insert(
    `INSERT INTO measures (organisation_id, evaluation_id, name, unit, baseline, target, direction, position) VALUES ($1, $2, 'Vacancies', 'posts', 12, 4, 'LOWER_IS_BETTER', 0)`,
    [org.uuid, evaluation],
  );
  await insert(`INSERT INTO measurements (organisation_id, measure_id, value, date, source, note) VALUES ($1, $2, 10, '2024-02-01', 'HR', 'After consultation')`, [
    org.uuid,
    measure,
  ]);
  await insert(`INSERT INTO measurements (organisation_id, measure_id, value, date, note) VALUES ($1, $2, 9, '2024-03-01', 'Latest')`, [org.uuid, measure]);
  return { partner, project, stages: [consult, draft, agree], evaluation, measure };
}

describe('a query reads only the wide columns its fields use', () => {
  it('reads no timestamp or free text the dashboard does not show, and answers from the rows', async () => {
    const org = await buildOrganisation(server);
    const ids = await addWideProject(org);
    const { data, statements } = await runTwice(DASHBOARD, org.as);

    const stages = onlyRead(statements, 'stages');
    for (const column of ['description', 'blocked_reason', 'started_at', 'created_at', 'updated_at']) expect(stages).not.toContain(column);
    // Progress is counted from these rows (it declares Stage.completedAt).
    expect(stages).toContain('completed_at');
    expect(stages).toContain('due_date');
    const projects = onlyRead(statements, 'projects');
    for (const column of ['summary', 'goals', 'created_at', 'updated_at']) expect(projects).not.toContain(column);
    for (const column of ['id', 'name', 'status']) expect(projects).toContain(column);
    for (const column of ['description', 'created_at', 'updated_at']) expect(onlyRead(statements, 'partners')).not.toContain(column);
    for (const column of ['published_at', 'created_at', 'updated_at']) expect(onlyRead(statements, 'evaluations')).not.toContain(column);
    for (const column of ['unit', 'created_at']) expect(onlyRead(statements, 'measures')).not.toContain(column);
    for (const column of ['source', 'note', 'created_at']) expect(onlyRead(statements, 'measurements')).not.toContain(column);
    for (const columns of someReads(statements, 'organisations')) expect(columns).not.toContain('created_at');

    const owner = { id: toGlobalId('Partner', ids.partner), name: 'Unison branch', kind: 'TRADE_UNION' };
    const [consult, draft, agree] = ids.stages.map((id) => toGlobalId('Stage', id));
    expect(data).toEqual({
      organisation: { name: org.name },
      projects: {
        nodes: [
          {
            id: toGlobalId('Project', ids.project),
            name: 'Rota redesign',
            status: 'ACTIVE',
            progress: { percentComplete: 33.3, late: 1 },
            stages: [
              { id: consult, title: 'Consult', status: 'DONE', dueDate: '2024-01-10', owner },
              { id: draft, title: 'Draft', status: 'BLOCKED', dueDate: '2020-01-01', owner: null },
              { id: agree, title: 'Agree', status: 'NOT_STARTED', dueDate: '2999-01-01', owner },
            ],
            evaluations: [{ measures: [{ name: 'Vacancies', baseline: 12, target: 4, latest: { value: 9, date: '2024-03-01' } }] }],
          },
        ],
      },
    });
  });

  it('reads the wide fields a query asks for, with the stored values', async () => {
    const org = await buildOrganisation(server);
    const ids = await addWideProject(org);
    const WIDE = `query ($id: ID!) {
      project(id: $id) {
        summary goals version
        stages { title description blockedReason startedAt completedAt owner { name description } }
        evaluations { title measures { unit latest { note source } measurements { value note source } } }
      }
    }`;
    const { data, statements } = await runTwice(WIDE, org.as, { id: toGlobalId('Project', ids.project) });

    const stages = onlyRead(statements, 'stages');
    for (const column of ['description', 'blocked_reason', 'started_at', 'completed_at']) expect(stages).toContain(column);
    for (const column of ['created_at', 'updated_at']) expect(stages).not.toContain(column);
    const projects = onlyRead(statements, 'projects');
    for (const column of ['summary', 'goals']) expect(projects).toContain(column);
    for (const column of ['created_at', 'updated_at']) expect(projects).not.toContain(column);
    expect(onlyRead(statements, 'partners')).toContain('description');
    expect(onlyRead(statements, 'measures')).toContain('unit');
    for (const reads of someReads(statements, 'measurements')) for (const column of ['note', 'source']) expect(reads).toContain(column);

    const [project] = await server.sql('SELECT summary, goals, version FROM projects WHERE id = $1', [ids.project]);
    const stageRows = await server.sql(
      `SELECT s.title, s.description, s.blocked_reason, s.started_at, s.completed_at, p.name AS owner_name, p.description AS owner_description
         FROM stages s LEFT JOIN partners p ON p.organisation_id = s.organisation_id AND p.id = s.owner_partner_id
        WHERE s.project_id = $1 ORDER BY s.position`,
      [ids.project],
    );
    const measurements = await server.sql('SELECT value, note, source FROM measurements WHERE measure_id = $1 ORDER BY date, created_at', [ids.measure]);
    expect(data.project).toEqual({
      summary: project.summary,
      goals: project.goals,
      version: project.version,
      stages: stageRows.map((row: any) => ({
        title: row.title,
        description: row.description,
        blockedReason: row.blocked_reason,
        startedAt: iso(row.started_at),
        completedAt: iso(row.completed_at),
        owner: row.owner_name === null ? null : { name: row.owner_name, description: row.owner_description },
      })),
      evaluations: [
        {
          title: 'Impact',
          measures: [
            {
              unit: 'posts',
              latest: { note: measurements.at(-1).note, source: measurements.at(-1).source },
              measurements: measurements.map((row: any) => ({ value: row.value, note: row.note, source: row.source })),
            },
          ],
        },
      ],
    });
    // What was stored, not a default: the values the rows were built with.
    expect(data.project.stages[0]).toMatchObject({ description: 'Talk to everyone', completedAt: '2024-01-05T10:30:00.123Z', startedAt: '2024-01-02T09:00:00.000Z' });
    expect(data.project.stages[1]).toMatchObject({ blockedReason: 'Waiting for budget', completedAt: null });
    expect(data.project.stages[0].owner.description).toBe('Represents nursing staff');
  });

  it('reads the union of what one document selects of an entity, wherever and however it is selected', async () => {
    const org = await buildOrganisation(server);
    const ids = await addWideProject(org);
    const stageId = toGlobalId('Stage', ids.stages[1]!);
    const titles = [{ stages: [{ title: 'Consult' }, { title: 'Draft' }, { title: 'Agree' }] }];

    // The same entity narrow in one place and wide in another of one operation.
    const both = await runTwice(
      `query ($stageId: ID!) {
        projects(first: 50) { nodes { stages { title } } }
        node(id: $stageId) { ... on Stage { description blockedReason startedAt } }
      }`,
      org.as,
      { stageId },
    );
    expect(both.data).toEqual({
      projects: { nodes: titles },
      node: { description: null, blockedReason: 'Waiting for budget', startedAt: '2024-02-01T08:00:00.000Z' },
    });

    // Through named fragments (one spreading another), the wide one on a different root field.
    const fragments = await runTwice(
      `query ($stageId: ID!) {
        projects(first: 50) { nodes { stages { ...Brief } } }
        stage(id: $stageId) { title ...Wide }
      }
      fragment Brief on Stage { title }
      fragment Wide on Stage { blockedReason ...Times }
      fragment Times on Stage { startedAt completedAt }`,
      org.as,
      { stageId: toGlobalId('Stage', ids.stages[0]!) },
    );
    expect(fragments.data).toEqual({
      projects: { nodes: titles },
      stage: { title: 'Consult', blockedReason: null, startedAt: '2024-01-02T09:00:00.000Z', completedAt: '2024-01-05T10:30:00.123Z' },
    });

    // Two operations in one document: each, picked by operationName, answers right.
    const DOCUMENT = `
      query Plan { projects(first: 50) { nodes { stages { title } summary } } }
      query Detail($stageId: ID!) { stage(id: $stageId) { title description blockedReason project { name goals } } }`;
    const detail = await runTwice(DOCUMENT, org.as, { stageId }, 'Detail');
    expect(detail.data).toEqual({ stage: { title: 'Draft', description: null, blockedReason: 'Waiting for budget', project: { name: 'Rota redesign', goals: 'Keep staff' } } });
    const plan = await runTwice(DOCUMENT, org.as, {}, 'Plan');
    expect(plan.data).toEqual({ projects: { nodes: [{ ...titles[0], summary: 'Fewer night shifts' }] } });
    const other = await runTwice(DOCUMENT, org.as, { stageId: toGlobalId('Stage', ids.stages[2]!) }, 'Detail');
    expect(other.data.stage).toMatchObject({ title: 'Agree', description: 'Sign off', blockedReason: null });
  });

  it('gives the same Progress counted from the stage rows as counted in SQL', async () => {
    const org = await buildOrganisation(server);
    const project = await insert(`INSERT INTO projects (organisation_id, name, status) VALUES ($1, 'Progressing', 'ACTIVE')`, [org.uuid]);
    const stage = (position: number, status: string, completed: string | null, due: string | null, blocked: string | null = null) =>
      insert(
        `INSERT INTO stages (organisation_id, project_id, title, position, status, completed_at, due_date, blocked_reason, description)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::date, $8, 'Wide text')`,
        [org.uuid, project, `Stage ${position}`, position, status, completed, due, blocked],
      );
    await stage(0, 'DONE', '2024-03-01T12:00:00.250Z', '2020-01-01');
    await stage(1, 'DONE', '2024-03-04T08:15:00.123456Z', null);
    await stage(2, 'CANCELLED', null, '2020-01-01');
    await stage(3, 'IN_PROGRESS', null, '2020-01-01');
    await stage(4, 'BLOCKED', null, null, 'No budget');
    const id = toGlobalId('Project', project);
    const before = Date.now();

    const counted = await runTwice(`query ($id: ID!) { project(id: $id) { progress { ${PROGRESS} } } }`, org.as, { id });
    const fromRows = await runTwice(`query ($id: ID!) { project(id: $id) { progress { ${PROGRESS} } stages { id } } }`, org.as, { id });
    const listed = await runTwice(`{ projects(first: 50) { nodes { id stages { title } progress { ${PROGRESS} } } } }`, org.as);
    // Without the stages, an aggregate counts them; with them, their rows do (no aggregate).
    const aggregates = (statements: RecordedStatement[]) => statements.filter((statement) => statement.text.includes('max(completed_at)'));
    expect(aggregates(counted.statements)).toHaveLength(1);
    expect(aggregates(fromRows.statements)).toEqual([]);
    expect(aggregates(listed.statements)).toEqual([]);
    expect(onlyRead(fromRows.statements, 'stages')).toContain('completed_at');
    expect(onlyRead(fromRows.statements, 'stages')).not.toContain('description');

    const lastCompletedAt = '2024-03-04T08:15:00.123Z';
    const expected = {
      projectId: id,
      total: 4,
      done: 2,
      inProgress: 1,
      blocked: 1,
      late: 1,
      percentComplete: 50,
      lastCompletedAt,
      daysSinceLastCompletion: Math.floor((before - Date.parse(lastCompletedAt)) / 86_400_000),
    };
    expect(counted.data.project.progress).toEqual(expected);
    expect(fromRows.data.project.progress).toEqual(expected);
    expect(listed.data.projects.nodes[0].progress).toEqual(expected);
  });
});

describe('fields that declare what they read', () => {
  it('answers version, createdAt and closedAt from what the operation read', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as, { description: 'Staff side' });
    await buildSpokesperson(server, org, partner.id);
    dataOf(
      await server.gql(
        `mutation ($input: UpdatePartnerInput!) { updatePartner(input: $input) { version } }`,
        { input: { id: partner.id, expectedVersion: 1, name: 'Renamed' } },
        org.as,
      ),
    );
    const project = await buildProject(server, org.as, { summary: 'Wide', status: 'ACTIVE' });
    dataOf(
      await server.gql(
        `mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { version } }`,
        { input: { id: project.id, expectedVersion: 1, goals: 'More' } },
        org.as,
      ),
    );
    const stage = await buildStage(server, org.as, { projectId: project.id, description: 'Wide text' });
    dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { version } }`, { id: stage.id }, org.as));
    dataOf(await server.gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { version } }`, { input: { id: stage.id, celebration: 'Well done' } }, org.as));
    dataOf(await server.gql(`mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, { input: { stageId: stage.id, message: 'Again' } }, org.as));
    const live = await buildApiKey(server, org);
    const revoked = await buildApiKey(server, org);
    dataOf(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: revoked.id }, org.as));
    const principle = await buildPrinciple(server, org.as);
    const raise = async (description: string) =>
      dataOf(
        await server.gql(
          `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
          { input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description } },
          org.as,
        ),
      ).raiseChallenge.id as string;
    const open = await raise('Still open');
    const resolved = await raise('Sorted');
    dataOf(await server.gql(`mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id } }`, { input: { id: resolved, resolution: 'Agreed' } }, org.as));

    // version: getters that read only always-read columns, on entities read narrow.
    const versions = await runTwice(
      `query ($stage: ID!, $project: ID!, $partner: ID!) {
        stage: node(id: $stage) { ... on Stage { version } }
        project: node(id: $project) { ... on Project { version } }
        partner: node(id: $partner) { ... on Partner { version } }
      }`,
      org.as,
      { stage: stage.id, project: project.id, partner: partner.id },
    );
    const version = async (table: string, id: string) => (await server.sql(`SELECT version FROM ${table} WHERE id = $1`, [uuidOf(id)]))[0].version;
    expect(versions.data).toEqual({ stage: { version: await version('stages', stage.id) }, project: { version: 2 }, partner: { version: 2 } });
    expect(versions.data.stage.version).toBeGreaterThan(1);
    expect(onlyRead(versions.statements, 'stages')).not.toContain('description');
    expect(onlyRead(versions.statements, 'partners')).not.toContain('description');

    // Celebration.createdAt (a getter declaring createdAt); the celebrations' ids are not asked, so
    // nothing else makes them read whole.
    const celebrations = await runTwice(`query ($id: ID!) { stage(id: $id) { title celebrations { message createdAt } } }`, org.as, { id: stage.id });
    const celebrationRows = await server.sql('SELECT message, created_at FROM celebrations WHERE stage_id = $1 ORDER BY created_at, id', [uuidOf(stage.id)]);
    expect(celebrations.data.stage.celebrations).toEqual(celebrationRows.map((row: any) => ({ message: row.message, createdAt: iso(row.created_at) })));
    expect(celebrations.data.stage.celebrations.map((row: any) => row.message)).toEqual(['Well done', 'Again']);
    expect(onlyRead(celebrations.statements, 'celebrations')).toContain('created_at');
    expect(onlyRead(celebrations.statements, 'stages')).not.toContain('completed_at');

    // ApiKey.createdAt (a getter) and revokedAt (a column).
    const keys = await runTwice(
      `query ($live: ID!, $revoked: ID!) {
        live: node(id: $live) { ... on ApiKey { name createdAt } }
        revoked: node(id: $revoked) { ... on ApiKey { createdAt revokedAt } }
      }`,
      org.as,
      { live: live.id, revoked: revoked.id },
    );
    const key = async (id: string) => (await server.sql('SELECT name, created_at, revoked_at FROM api_keys WHERE id = $1', [uuidOf(id)]))[0];
    const [liveRow, revokedRow] = [await key(live.id), await key(revoked.id)];
    expect(revokedRow.revoked_at).not.toBeNull();
    expect(keys.data).toEqual({
      live: { name: liveRow.name, createdAt: iso(liveRow.created_at) },
      revoked: { createdAt: iso(revokedRow.created_at), revokedAt: iso(revokedRow.revoked_at) },
    });

    // Challenge.createdAt and closedAt (field resolvers declaring them), through a list and by id.
    const challenges = await runTwice(
      `query ($project: ID!, $resolved: ID!) {
        project(id: $project) { challenges { description status createdAt closedAt } }
        node(id: $resolved) { ... on Challenge { closedAt } }
      }`,
      org.as,
      { project: project.id, resolved },
    );
    const challengeRows = await server.sql('SELECT id, description, status, created_at, closed_at FROM challenges WHERE project_id = $1 ORDER BY created_at, id', [
      uuidOf(project.id),
    ]);
    expect(challengeRows.map((row: any) => row.id)).toEqual([uuidOf(open), uuidOf(resolved)]);
    expect(challenges.data).toEqual({
      project: {
        challenges: challengeRows.map((row: any) => ({ description: row.description, status: row.status, createdAt: iso(row.created_at), closedAt: iso(row.closed_at) })),
      },
      node: { closedAt: iso(challengeRows[1].closed_at) },
    });
    expect(challenges.data.node.closedAt).not.toBeNull();
    expect(challenges.data.project.challenges[0].closedAt).toBeNull();
  });
});

describe('mutations', () => {
  it('read every column of what they return, whatever else the document holds', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { summary: 'Summary', goals: 'Goals', status: 'ACTIVE' });
    const stage = await buildStage(server, org.as, { projectId: project.id, description: 'Before' });
    await buildStage(server, org.as, { projectId: project.id, title: 'Second', description: 'Also wide' });
    dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id }, org.as));

    const { data, statements } = await run(
      `mutation ($input: UpdateStageInput!) {
        updateStage(input: $input) {
          description startedAt completedAt blockedReason version
          project { summary goals stages { title description startedAt } }
        }
      }`,
      org.as,
      { input: { id: stage.id, expectedVersion: 2, description: 'After' } },
    );
    const [row] = await server.sql('SELECT description, started_at, version FROM stages WHERE id = $1', [uuidOf(stage.id)]);
    expect(row.description).toBe('After');
    expect(data.updateStage).toEqual({
      description: 'After',
      startedAt: iso(row.started_at),
      completedAt: null,
      blockedReason: null,
      version: row.version,
      project: {
        summary: 'Summary',
        goals: 'Goals',
        stages: [
          { title: stage.title, description: 'After', startedAt: iso(row.started_at) },
          { title: 'Second', description: 'Also wide', startedAt: null },
        ],
      },
    });
    expect(data.updateStage.startedAt).not.toBeNull();
    // No plan: the loaders read every column, even those nothing selects.
    for (const reads of someReads(statements, 'stages')) for (const column of ['created_at', 'updated_at', 'completed_at']) expect(reads).toContain(column);
    for (const reads of someReads(statements, 'projects')) for (const column of ['created_at', 'updated_at']) expect(reads).toContain(column);

    // createdAt, closedAt and revokedAt of what mutations return.
    const partner = await buildPartner(server, org.as, { description: 'Described' });
    await buildSpokesperson(server, org, partner.id);
    expect(partner.description).toBe('Described');
    const principle = await buildPrinciple(server, org.as);
    const raised = dataOf(
      await server.gql(
        `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id createdAt closedAt resolution concernsStage { description } } }`,
        { input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, concernsStageId: stage.id, description: 'Why' } },
        org.as,
      ),
    ).raiseChallenge;
    const resolved = dataOf(
      await server.gql(
        `mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { createdAt closedAt resolution } }`,
        { input: { id: raised.id, resolution: 'Agreed' } },
        org.as,
      ),
    ).resolveChallenge;
    const [challenge] = await server.sql('SELECT created_at, closed_at FROM challenges WHERE id = $1', [uuidOf(raised.id)]);
    expect(raised).toMatchObject({ createdAt: iso(challenge.created_at), closedAt: null, resolution: null, concernsStage: { description: 'After' } });
    expect(resolved).toEqual({ createdAt: iso(challenge.created_at), closedAt: iso(challenge.closed_at), resolution: 'Agreed' });

    const key = await buildApiKey(server, org);
    const revoked = dataOf(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { createdAt revokedAt } }`, { id: key.id }, org.as)).revokeApiKey;
    const [keyRow] = await server.sql('SELECT created_at, revoked_at FROM api_keys WHERE id = $1', [uuidOf(key.id)]);
    expect(revoked).toEqual({ createdAt: iso(keyRow.created_at), revokedAt: iso(keyRow.revoked_at) });

    // A mutation in a document whose query asks for less reads every column all the same.
    const DOCUMENT = `
      query Look { projects(first: 50) { nodes { stages { title } } } }
      mutation Change($input: UpdateStageInput!) { updateStage(input: $input) { title project { stages { title } } } }`;
    const change = await run(DOCUMENT, org.as, { input: { id: stage.id, expectedVersion: row.version, title: 'Renamed' } }, 'Change');
    expect(change.data.updateStage).toEqual({ title: 'Renamed', project: { stages: [{ title: 'Renamed' }, { title: 'Second' }] } });
    for (const columns of someReads(change.statements, 'stages'))
      for (const column of ['description', 'started_at', 'completed_at', 'blocked_reason', 'created_at', 'updated_at']) expect(columns).toContain(column);
    const [after] = await server.sql('SELECT title, description FROM stages WHERE id = $1', [uuidOf(stage.id)]);
    expect(after).toEqual({ title: 'Renamed', description: 'After' });
  });
});

describe('an entity read without a column', () => {
  /** A stage row as a narrow read returns it: no on-demand column. */
  const narrowRow = () => ({
    id: '22222222-2222-4222-8222-222222222222',
    version: 3,
    projectId: '33333333-3333-4333-8333-333333333333',
    title: 'Consult',
    position: 0,
    status: 'DONE',
    ownerPartnerId: null,
    dueDate: '2024-01-10',
    completedByUserId: null,
  });

  async function withDb<T>(plan: ColumnPlan | undefined, work: (db: RequestDb) => T): Promise<T> {
    const db = new RequestDb(server.dataSource, {});
    db.columnPlan = plan;
    try {
      return work(db);
    } finally {
      await db.finish(false);
    }
  }

  it('throws when the column is read, is the entity all the same, and takes an assignment', async () => {
    const metadata = server.dataSource.getMetadata(Stage);
    expect([...onDemandProperties(metadata)].sort()).toEqual(['blockedReason', 'completedAt', 'createdAt', 'description', 'organisationId', 'startedAt', 'updatedAt']);

    await withDb(new Map<Function, Set<string>>([[Stage, new Set()]]), (db) => {
      const read = entityRead(db, Stage);
      expect(read.key).not.toBe('all');
      expect(read.select()).toContain('"title" AS "title"');
      for (const column of ['organisation_id', 'description', 'blocked_reason', 'started_at', 'completed_at', 'created_at', 'updated_at'])
        expect(read.select()).not.toContain(`"${column}"`);

      const [stage] = read.toEntities<Stage>([narrowRow()]);
      expect(stage).toBeInstanceOf(Stage);
      expect(stage!.constructor.name).toBe('Stage');
      expect(stage!.title).toBe('Consult');
      expect(stage!.versionField).toBe(3);
      expect(stage!.globalId).toBe(toGlobalId('Stage', narrowRow().id));
      expect(() => stage!.description).toThrow('Stage.description was not read for this query: declare it with @Reads');
      expect(() => stage!.completedAt).toThrow('Stage.completedAt was not read for this query');
      expect(() => stage!.createdAt).toThrow('Stage.createdAt was not read for this query');
      expect(() => stage!.organisationId).toThrow('Stage.organisationId was not read for this query');

      stage!.description = 'x';
      expect(stage!.description).toBe('x');
      expect(Object.getOwnPropertyDescriptor(stage, 'description')).toMatchObject({ value: 'x', writable: true, enumerable: true });
      stage!.completedAt = null;
      expect(stage!.completedAt).toBeNull();
      // One entity's assignment is its own: another row read the same way still throws.
      const [other] = read.toEntities<Stage>([narrowRow()]);
      expect(() => other!.description).toThrow('was not read for this query');
      // Another entity is read whole: the plan names only Stage.
      expect(entityRead(db, Project).key).toBe('all');
    });

    // A plan that names a column reads that one (timestamps as Dates) and still guards the rest.
    await withDb(new Map<Function, Set<string>>([[Stage, new Set(['completedAt', 'title'])]]), (db) => {
      const read = entityRead(db, Stage);
      expect(read.select()).toContain('"completed_at" AS "completedAt"');
      const [stage] = read.toEntities<Stage>([{ ...narrowRow(), completedAt: '2024-01-05T10:30:00.123456+00:00' }]);
      expect(stage!.completedAt).toEqual(new Date('2024-01-05T10:30:00.123Z'));
      expect(() => stage!.startedAt).toThrow('Stage.startedAt was not read for this query');
    });

    // No plan (mutations, subscriptions): nothing is skipped and nothing throws.
    await withDb(undefined, (db) => {
      const read = entityRead(db, Stage);
      expect(read.key).toBe('all');
      for (const column of ['description', 'blocked_reason', 'started_at', 'completed_at', 'created_at', 'updated_at']) expect(read.select()).toContain(`"${column}"`);
      const [stage] = read.toEntities<Stage>([narrowRow()]);
      expect(stage).toBeInstanceOf(Stage);
      expect(Object.getPrototypeOf(stage)).toBe(Stage.prototype);
      expect(stage!.description).toBeUndefined();
    });
  });
});

describe('planColumns', () => {
  /** The on-demand columns the plan reads of `entity`, or 'whole' when it reads every column. */
  function onDemandPlanned(plan: ColumnPlan, entity: Function): string[] | 'whole' {
    const planned = plan.get(entity);
    if (!planned) return 'whole';
    return onDemandProperties(server.dataSource.getMetadata(entity))
      .filter((property) => planned.has(property))
      .sort();
  }

  it('plans the dashboard narrow, declared reads included, and reads an entity with an undeclared resolver field whole', async () => {
    const served = await schema();
    const plan = (document: string) => planColumns(served, server.dataSource, parse(document));

    const dashboard = plan(DASHBOARD);
    expect(onDemandPlanned(dashboard, Stage)).toEqual(['completedAt']);
    for (const entity of [Project, Evaluation, Partner, Measure, Measurement, Organisation]) expect(onDemandPlanned(dashboard, entity)).toEqual([]);
    // Only what the document reaches: no challenge, no celebration.
    expect(dashboard.has(Challenge)).toBe(false);
    expect(dashboard.has(Celebration)).toBe(false);

    // A declared read names another entity's column even when that entity is not selected.
    expect(onDemandPlanned(plan(`{ projects { nodes { progress { done } } } }`), Stage)).toEqual(['completedAt']);
    // Plain fields of a column, getters declaring a column, resolvers declaring one.
    const wide = plan(`{ stage(id: "x") { description startedAt celebrations { createdAt } } node(id: "y") { ... on Challenge { closedAt resolution } } }`);
    expect(onDemandPlanned(wide, Stage)).toEqual(['description', 'startedAt']);
    expect(onDemandPlanned(wide, Celebration)).toEqual(['createdAt']);
    expect(onDemandPlanned(wide, Challenge)).toEqual(['closedAt', 'resolution']);
    // Entities that override the `id` getter (TenantEntity.globalId declares it reads only the id).
    expect(onDemandPlanned(plan('{ stage(id: "x") { celebrations { id message } } }'), Celebration)).toEqual(['message']);

    // Project.agreements is a field resolver without @Reads: projects are read whole, stages still narrow.
    const undeclared = plan(`{ projects { nodes { name agreements { id } stages { title } } } }`);
    expect(onDemandPlanned(undeclared, Project)).toBe('whole');
    expect(onDemandPlanned(undeclared, Stage)).toEqual([]);
    // Anywhere in the document, even in a fragment of another operation.
    const elsewhere = plan(
      `query A { projects { nodes { name } } } query B { node(id: "x") { ...P } } fragment P on Project { missingAgreements { partner { name } } challenges { status } }`,
    );
    expect(onDemandPlanned(elsewhere, Project)).toBe('whole');
    expect(onDemandPlanned(elsewhere, Challenge)).toEqual([]);
  });

  it('treats timestamps and nullable text as on demand, and keys, required text and numbers as always read', () => {
    const columns = (entity: Function) => Object.fromEntries(server.dataSource.getMetadata(entity).columns.map((column) => [column.propertyName, isOnDemand(column)]));
    // The organisation id is on every tenant row and the same for all of a request's rows.
    expect(columns(Stage)).toMatchObject({
      id: false,
      organisationId: true,
      projectId: false,
      title: false,
      status: false,
      dueDate: false,
      version: false,
      ownerPartnerId: false,
      description: true,
      blockedReason: true,
      startedAt: true,
    });
    expect(columns(Challenge)).toMatchObject({ description: false, resolution: true, closedAt: true, createdAt: true });
    expect(columns(Measure)).toMatchObject({ baseline: false, target: false, position: false, unit: true });
  });
});

describe('every field of an entity type', () => {
  it('answers with nothing else of its entity selected', async () => {
    const org = await buildOrganisation(server);
    /** Runs a mutation with `input` (or `id`, for one taking an id): the id of what it returns. */
    const mutate = async (mutation: string, input: Record<string, unknown> | string) =>
      (Object.values(dataOf(await server.gql(mutation, typeof input === 'string' ? { id: input } : { input }, org.as)))[0] as { id: string }).id;
    const partner = await buildPartner(server, org.as, { description: 'Staff side' });
    const users = await buildPartner(server, org.as, { kind: 'SERVICE_USERS', description: 'Patients' });
    const project = await buildProject(server, org.as, { summary: 'Summary', goals: 'Goals', startDate: '2024-01-01' });
    const principle = await buildPrinciple(server, org.as, { description: 'Say what you do' });
    await server.sql(`UPDATE principles SET source = 'Compact' WHERE id = $1`, [principle.uuid]);
    await mutate(`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { partnerId: partner.id, projectId: project.id, role: 'LEAD' });
    await mutate(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { projectId: project.id, principleIds: [principle.id] });
    // On behalf, so that every field of an agreement and a challenge has a value to read.
    const signer = await mutate(`mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`, { partnerId: partner.id, name: 'A. Signer' });
    await mutate(`mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`, {
      projectId: project.id,
      partnerId: partner.id,
      signedBy: 'A. Signer',
      note: 'Gladly',
      representativeId: signer,
      evidence: 'Signed paper copy',
    });
    await setProjectStatus(server, project.id, 'ACTIVE');
    const done = await buildStage(server, org.as, { projectId: project.id, description: 'First', ownerPartnerId: partner.id, dueDate: '2020-01-01' });
    const waiting = await buildStage(server, org.as, { projectId: project.id, description: 'Second', dependsOnStageIds: [done.id] });
    await mutate(`mutation ($id: ID!) { startStage(id: $id) { id } }`, done.id);
    await mutate(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { id: done.id, celebration: 'Done' });
    await mutate(`mutation ($input: BlockStageInput!) { blockStage(input: $input) { id } }`, { id: waiting.id, reason: 'Budget' });
    await mutate(`mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`, {
      partnerId: partner.id,
      name: 'Rep',
      roleTitle: 'Steward',
      email: 'rep@example.org',
    });
    const evaluation = await mutate(`mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`, {
      projectId: project.id,
      stageId: done.id,
      title: 'Impact',
    });
    const measure = await mutate(`mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`, {
      evaluationId: evaluation,
      name: 'Waits',
      baseline: 1,
      target: 5,
      direction: 'HIGHER_IS_BETTER',
      unit: 'weeks',
    });
    await mutate(`mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`, {
      measureId: measure,
      date: '2024-01-01',
      value: 3,
      note: 'Note',
      source: 'Audit',
    });
    await mutate(`mutation ($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }`, {
      evaluationId: evaluation,
      partnerId: users.id,
      date: '2024-01-01',
      summary: 'Workshop',
    });
    await mutate(`mutation ($id: ID!) { publishEvaluation(id: $id) { id } }`, evaluation);
    const challenge = await mutate(`mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`, {
      projectId: project.id,
      raisedByPartnerId: partner.id,
      principleId: principle.id,
      concernsStageId: waiting.id,
      concernsPartnerId: users.id,
      description: 'Why',
      representativeId: signer,
      evidence: 'Minutes of the forum',
      ownerUserId: org.owner.id,
      dueDate: '2020-02-01',
    });
    await mutate(`mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id } }`, { id: challenge, resolution: 'Explained' });
    const key = await buildApiKey(server, org);

    // Where each type is reached from: '%' is the field under test.
    const byId = (root: string, id: string) => [`query ($id: ID!) { ${root} }`, { id }] as const;
    const paths: Record<string, (readonly [string, Record<string, unknown>])[]> = {
      Project: [byId('project(id: $id) { % }', project.id), [`{ projects { nodes { % } } }`, {}]],
      Stage: [byId('stage(id: $id) { % }', done.id), byId('project(id: $id) { stages { % } }', project.id)],
      Partner: [byId('node(id: $id) { ... on Partner { % } }', partner.id), [`{ partners { nodes { % } } }`, {}], byId('stage(id: $id) { owner { % } }', done.id)],
      Evaluation: [byId('evaluation(id: $id) { % }', evaluation), byId('project(id: $id) { evaluations { % } }', project.id)],
      Measure: [byId('evaluation(id: $id) { measures { % } }', evaluation)],
      Measurement: [byId('evaluation(id: $id) { measures { latest { % } measurements { % } } }', evaluation)],
      Challenge: [byId('node(id: $id) { ... on Challenge { % } }', challenge), byId('project(id: $id) { challenges { % } }', project.id)],
      Celebration: [byId('stage(id: $id) { celebrations { % } }', done.id)],
      ApiKey: [byId('node(id: $id) { ... on ApiKey { % } }', key.id)],
      Principle: [byId('node(id: $id) { ... on Principle { % } }', principle.id), byId('project(id: $id) { principles { % } agreements { principle { % } } }', project.id)],
      Agreement: [byId('project(id: $id) { agreements { % } }', project.id)],
      Representative: [byId('node(id: $id) { ... on Partner { representatives { % } } }', partner.id), byId('node(id: $id) { ... on Representative { % } }', signer)],
      Membership: [[`{ organisation { members { % } } }`, {}]],
      Involvement: [byId('evaluation(id: $id) { involvements { % } }', evaluation)],
      Organisation: [[`{ organisation { % } }`, {}]],
    };
    const served = await schema();
    const failures: string[] = [];
    let asked = 0;
    for (const [typeName, templates] of Object.entries(paths)) {
      for (const [name, field] of Object.entries((served.getType(typeName) as GraphQLObjectType).getFields())) {
        const selection = isLeafType(getNamedType(field.type)) ? name : `${name} { __typename }`;
        for (const [template, variables] of templates) {
          const response = await server.gql(template.replaceAll('%', selection), variables, org.as);
          asked += 1;
          if (response.body.errors) failures.push(`${typeName}.${name} in ${template}: ${JSON.stringify(response.body.errors.map((error) => error.message))}`);
          else if (
            JSON.stringify(response.body.data).includes('null') &&
            ['description', 'createdAt', 'closedAt', 'unit', 'note', 'source', 'agreedAt', 'summary', 'goals', 'evidence'].includes(name)
          ) {
            failures.push(`${typeName}.${name} in ${template}: null (${JSON.stringify(response.body.data)})`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(asked).toBeGreaterThan(100);
  });
});
