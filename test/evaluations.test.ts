import { toGlobalId } from '../src/common/global-id';
import { Role } from '../src/auth/role';
import { errorField } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, buildStage } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

// This file's queries read every relation at once, each list priced at its cap (catalogue 58): far
// more than the dashboard's own queries (web/src/gql), which fit the default limit.
const server = useTestServer({ env: { QUERY_MAX_COST: '10000000' } });

const MEASURE_FIELDS = `id name unit baseline target direction measurements { id value date source note } latest { id value date } changeFromBaseline progressToTarget`;
const EVALUATION_FIELDS = `id title status stage { id title } project { id name } measures { ${MEASURE_FIELDS} } involvements { id summary date partner { id name kind } }`;

const CREATE = `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { ${EVALUATION_FIELDS} } }`;
const ADD_MEASURE = `mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { ${MEASURE_FIELDS} } }`;
const RECORD_MEASUREMENT = `mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id value date source note } }`;
const RECORD_INVOLVEMENT = `mutation ($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id summary date partner { id name kind } } }`;
const PUBLISH = `mutation ($id: ID!) { publishEvaluation(id: $id) { id status } }`;
const EVALUATION = `query ($id: ID!) { evaluation(id: $id) { ${EVALUATION_FIELDS} } }`;
const PROJECT_EVALUATIONS = `query ($id: ID!) { node(id: $id) { ... on Project { evaluations { id title status } } } }`;

async function createEvaluation(caller: Caller, input: Record<string, unknown>) {
  return dataOf(await server.gql(CREATE, { input }, caller)).createEvaluation;
}

async function addMeasure(caller: Caller, input: Record<string, unknown>) {
  return dataOf(await server.gql(ADD_MEASURE, { input }, caller)).addMeasure;
}

async function recordMeasurement(caller: Caller, input: Record<string, unknown>) {
  return dataOf(await server.gql(RECORD_MEASUREMENT, { input }, caller)).recordMeasurement;
}

async function recordInvolvement(caller: Caller, input: Record<string, unknown>) {
  return dataOf(await server.gql(RECORD_INVOLVEMENT, { input }, caller)).recordInvolvement;
}

async function evaluationRow(id: string) {
  const [row] = await server.sql('SELECT status, published_at, stage_id, project_id, title FROM evaluations WHERE id = $1', [uuidOf(id)]);
  return row;
}

describe('createEvaluation and reading evaluations', () => {
  it('creates a DRAFT evaluation, tied to a stage of its project, and records the event', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Design workshops' });
    const created = await createEvaluation(org.as, { projectId: project.id, title: '  Waiting times  ', stageId: stage.id });
    expect(created).toEqual({
      id: expect.any(String),
      title: 'Waiting times',
      status: 'DRAFT',
      stage: { id: stage.id, title: 'Design workshops' },
      project: { id: project.id, name: 'New mental health facility' },
      measures: [],
      involvements: [],
    });
    expect(await evaluationRow(created.id)).toMatchObject({ status: 'DRAFT', published_at: null, stage_id: stage.uuid, project_id: project.uuid, title: 'Waiting times' });

    const read = dataOf(await server.gql(EVALUATION, { id: created.id }, org.as)).evaluation;
    expect(read).toEqual(created);
    const node = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id ... on Evaluation { title } } }`, { id: created.id }, org.as)).node;
    expect(node).toEqual({ id: created.id, title: 'Waiting times' });

    const [event] = (await activityRows(server, org.uuid)).filter((e) => e.type === 'EVALUATION_CREATED');
    expect(event).toMatchObject({ entity_type: 'Evaluation', entity_id: uuidOf(created.id), project_id: project.uuid });
    expect(event!.summary).toContain('Waiting times');
  });

  it("creates an evaluation without a stage; lists a project's evaluations oldest first", async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const other = await buildProject(server, org.as, { name: 'Other project' });
    const first = await createEvaluation(org.as, { projectId: project.id, title: 'First' });
    expect(first.stage).toBeNull();
    // Two in one request: the order of writing must hold even within one transaction.
    const both = dataOf(
      await server.gql(
        `mutation ($p: ID!, $q: ID!) {
           b: createEvaluation(input: { projectId: $p, title: "Second" }) { id }
           x: createEvaluation(input: { projectId: $q, title: "Elsewhere" }) { id }
           c: createEvaluation(input: { projectId: $p, title: "Third", stageId: null }) { id }
         }`,
        { p: project.id, q: other.id },
        org.as,
      ),
    );
    const listed = dataOf(await server.gql(PROJECT_EVALUATIONS, { id: project.id }, org.as)).node.evaluations;
    expect(listed).toEqual([
      { id: first.id, title: 'First', status: 'DRAFT' },
      { id: both.b.id, title: 'Second', status: 'DRAFT' },
      { id: both.c.id, title: 'Third', status: 'DRAFT' },
    ]);
    expect(dataOf(await server.gql(PROJECT_EVALUATIONS, { id: other.id }, org.as)).node.evaluations).toEqual([{ id: both.x.id, title: 'Elsewhere', status: 'DRAFT' }]);
    const empty = await buildProject(server, org.as, { name: 'Empty' });
    expect(dataOf(await server.gql(PROJECT_EVALUATIONS, { id: empty.id }, org.as)).node.evaluations).toEqual([]);
  });

  it('refuses a stage of another project, a missing project and bad titles, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const otherProject = await buildProject(server, org.as, { name: 'Other' });
    const otherStage = await buildStage(server, org.as, { projectId: otherProject.id });
    const before = await tenantSnapshot(server, org.uuid);

    const wrongStage = await server.gql(CREATE, { input: { projectId: project.id, title: 'T', stageId: otherStage.id } }, org.as);
    expect(errorCode(wrongStage)).toBe('NOT_FOUND');
    const missingStage = await server.gql(CREATE, { input: { projectId: project.id, title: 'T', stageId: missingId('Stage') } }, org.as);
    expect(errorCode(missingStage)).toBe('NOT_FOUND');
    const stageAsProject = await server.gql(CREATE, { input: { projectId: otherStage.id, title: 'T' } }, org.as);
    expect(errorCode(stageAsProject)).toBe('NOT_FOUND');
    for (const projectId of [missingId('Project'), 'not-an-id', project.uuid]) {
      expect(errorCode(await server.gql(CREATE, { input: { projectId, title: 'T' } }, org.as))).toBe('NOT_FOUND');
    }
    for (const title of ['', '   ', 'x'.repeat(201), 'nul\u0000byte']) {
      const bad = await server.gql(CREATE, { input: { projectId: project.id, title } }, org.as);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorField(bad)).toBe('input.title');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('returns null for an unknown or malformed evaluation id', async () => {
    const org = await buildOrganisation(server);
    for (const id of [missingId('Evaluation'), 'garbage', missingId('Project')]) {
      expect(dataOf(await server.gql(EVALUATION, { id }, org.as)).evaluation).toBeNull();
    }
  });
});

describe('measures and measurements', () => {
  it('appends measures in order, keeps numbers exact and allows a target equal to the baseline', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const waits = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Average wait', unit: 'days', baseline: 42.5, target: 14, direction: 'LOWER_IS_BETTER' });
    expect(waits).toEqual({
      id: expect.any(String),
      name: 'Average wait',
      unit: 'days',
      baseline: 42.5,
      target: 14,
      direction: 'LOWER_IS_BETTER',
      measurements: [],
      latest: null,
      changeFromBaseline: null,
      progressToTarget: null,
    });
    const satisfaction = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Satisfaction', unit: '  ', baseline: -1, target: -1, direction: 'HIGHER_IS_BETTER' });
    expect(satisfaction).toMatchObject({ unit: null, baseline: -1, target: -1 });
    const third = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Complaints', baseline: 0, target: 1e-9, direction: 'HIGHER_IS_BETTER' });
    expect(third).toMatchObject({ unit: null, target: 1e-9 });

    const read = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation;
    expect(read.measures.map((m: any) => m.id)).toEqual([waits.id, satisfaction.id, third.id]);
    const rows = await server.sql('SELECT id, position FROM measures WHERE evaluation_id = $1 ORDER BY position', [uuidOf(evaluation.id)]);
    expect(rows.map((r: any) => [toGlobalId('Measure', r.id), r.position])).toEqual([
      [waits.id, 0],
      [satisfaction.id, 1],
      [third.id, 2],
    ]);
    // Adding a measure is planning, not evidence: the evaluation stays a DRAFT.
    expect((await evaluationRow(evaluation.id)).status).toBe('DRAFT');
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'MEASURE_ADDED');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ entity_type: 'Measure', entity_id: uuidOf(waits.id), project_id: project.uuid });
  });

  it('refuses bad measures with the field at fault, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const valid = { evaluationId: evaluation.id, name: 'Wait', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' };
    const before = await tenantSnapshot(server, org.uuid);
    for (const [field, patch] of [
      ['input.name', { name: ' ' }],
      ['input.name', { name: 'n'.repeat(201) }],
      ['input.unit', { unit: 'u'.repeat(201) }],
    ] as const) {
      const bad = await server.gql(ADD_MEASURE, { input: { ...valid, ...patch } }, org.as);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorField(bad)).toBe(field);
    }
    // JSON cannot carry Infinity, but a literal can overflow to it.
    const infinite = await server.gql(
      `mutation ($id: ID!) { addMeasure(input: { evaluationId: $id, name: "Huge", baseline: 1e400, target: 1, direction: HIGHER_IS_BETTER }) { id } }`,
      { id: evaluation.id },
      org.as,
    );
    expect(errorCode(infinite)).toBe('BAD_USER_INPUT');
    expect(errorField(infinite)).toBe('input.baseline');
    expect(errorCode(await server.gql(ADD_MEASURE, { input: { ...valid, baseline: 'NaN' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(ADD_MEASURE, { input: { ...valid, direction: 'SIDEWAYS' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(ADD_MEASURE, { input: { ...valid, evaluationId: project.id } }, org.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('records measurements: the first starts the evaluation; ordered by date; latest, change and progress follow', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const waits = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Average wait', unit: 'days', baseline: 40, target: 20, direction: 'LOWER_IS_BETTER' });
    const score = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Satisfaction', baseline: 60, target: 80, direction: 'HIGHER_IS_BETTER' });

    const march = await recordMeasurement(org.as, { measureId: waits.id, value: 35, date: '2025-03-01', source: ' Patient records ', note: 'Q1' });
    expect(march).toEqual({ id: expect.any(String), value: 35, date: '2025-03-01', source: 'Patient records', note: 'Q1' });
    expect((await evaluationRow(evaluation.id)).status).toBe('IN_PROGRESS');
    const [row] = await server.sql('SELECT recorded_by_user_id, value, date::text AS date FROM measurements WHERE id = $1', [uuidOf(march.id)]);
    expect(row).toEqual({ recorded_by_user_id: uuidOf(org.owner.id), value: 35, date: '2025-03-01' });

    // Recorded out of date order, the later date wins; a value for an earlier day changes nothing.
    const june = await recordMeasurement(org.as, { measureId: waits.id, value: 25, date: '2025-06-01' });
    const january = await recordMeasurement(org.as, { measureId: waits.id, value: 50, date: '2025-01-15', source: '', note: null });
    expect(january).toMatchObject({ source: null, note: null });
    await recordMeasurement(org.as, { measureId: score.id, value: 55, date: '2025-02-01' });

    const read = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation;
    expect(read.status).toBe('IN_PROGRESS');
    const [readWaits, readScore] = read.measures;
    expect(readWaits.measurements.map((m: any) => [m.id, m.date])).toEqual([
      [january.id, '2025-01-15'],
      [march.id, '2025-03-01'],
      [june.id, '2025-06-01'],
    ]);
    expect(readWaits.latest).toEqual({ id: june.id, value: 25, date: '2025-06-01' });
    expect(readWaits.changeFromBaseline).toBe(-15);
    expect(readWaits.progressToTarget).toBe(0.75);
    // Worse than the baseline: the change is negative and the progress clamps to 0.
    expect(readScore).toMatchObject({ latest: { value: 55 }, changeFromBaseline: -5, progressToTarget: 0 });

    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'MEASUREMENT_RECORDED');
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ entity_type: 'Measurement', entity_id: uuidOf(march.id), project_id: project.uuid });
    expect(events[0]!.data.status).toEqual({ from: 'DRAFT', to: 'IN_PROGRESS' });
    expect(events[1]!.data.status).toBeUndefined();
  });

  it('breaks a tie on the date by the one recorded last, even within one request', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const measure = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Visits', baseline: 0, target: 10, direction: 'HIGHER_IS_BETTER' });
    const recorded = dataOf(
      await server.gql(
        `mutation ($m: ID!) {
           a: recordMeasurement(input: { measureId: $m, value: 3, date: "2025-05-05" }) { id }
           b: recordMeasurement(input: { measureId: $m, value: 7, date: "2025-05-05" }) { id }
           c: recordMeasurement(input: { measureId: $m, value: 9, date: "2025-05-04" }) { id }
           d: recordMeasurement(input: { measureId: $m, value: 5, date: "2025-05-05" }) { id }
         }`,
        { m: measure.id },
        org.as,
      ),
    );
    const read = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation.measures[0];
    expect(read.measurements.map((m: any) => m.id)).toEqual([recorded.c.id, recorded.a.id, recorded.b.id, recorded.d.id]);
    expect(read.latest.id).toBe(recorded.d.id);
    expect(read).toMatchObject({ changeFromBaseline: 5, progressToTarget: 0.5 });

    // A later request on the same day wins over all of them.
    const later = await recordMeasurement(org.as, { measureId: measure.id, value: 12, date: '2025-05-05' });
    const again = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation.measures[0];
    expect(again).toMatchObject({ latest: { id: later.id, value: 12 }, changeFromBaseline: 12, progressToTarget: 1 });
  });

  it('scores a measure whose target equals its baseline by whether the target is met', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Hold the line' });
    const lower = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Falls', baseline: 3, target: 3, direction: 'LOWER_IS_BETTER' });
    const higher = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Staffing', baseline: 3, target: 3, direction: 'HIGHER_IS_BETTER' });
    await recordMeasurement(org.as, { measureId: lower.id, value: 2, date: '2025-01-01' });
    await recordMeasurement(org.as, { measureId: higher.id, value: 2, date: '2025-01-01' });
    const [readLower, readHigher] = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation.measures;
    expect(readLower).toMatchObject({ changeFromBaseline: -1, progressToTarget: 1 });
    expect(readHigher).toMatchObject({ changeFromBaseline: -1, progressToTarget: 0 });
  });

  it('refuses bad measurements, writing nothing and leaving the evaluation a DRAFT', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const measure = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Wait', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' });
    const valid = { measureId: measure.id, value: 1, date: '2025-01-01' };
    const before = await tenantSnapshot(server, org.uuid);
    for (const date of ['2025-02-30', '01/02/2025', '2025-1-1', '']) {
      expect(errorCode(await server.gql(RECORD_MEASUREMENT, { input: { ...valid, date } }, org.as))).toBe('BAD_USER_INPUT');
    }
    for (const [field, patch] of [
      ['input.source', { source: 's'.repeat(10_001) }],
      ['input.note', { note: 'bad\u0000note' }],
    ] as const) {
      const bad = await server.gql(RECORD_MEASUREMENT, { input: { ...valid, ...patch } }, org.as);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorField(bad)).toBe(field);
    }
    const infinite = await server.gql(`mutation ($m: ID!) { recordMeasurement(input: { measureId: $m, value: -1e999, date: "2025-01-01" }) { id } }`, { m: measure.id }, org.as);
    expect(errorField(infinite)).toBe('input.value');
    for (const measureId of [evaluation.id, missingId('Measure'), 'x']) {
      expect(errorCode(await server.gql(RECORD_MEASUREMENT, { input: { ...valid, measureId } }, org.as))).toBe('NOT_FOUND');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect((await evaluationRow(evaluation.id)).status).toBe('DRAFT');
  });

  it('records who measured: nobody when an API key did', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(key.as, { projectId: project.id, title: 'By a machine' });
    const measure = await addMeasure(key.as, { evaluationId: evaluation.id, name: 'Uptime', baseline: 90, target: 99, direction: 'HIGHER_IS_BETTER' });
    const measurement = await recordMeasurement(key.as, { measureId: measure.id, value: 95, date: '2025-01-01' });
    const [row] = await server.sql('SELECT recorded_by_user_id FROM measurements WHERE id = $1', [uuidOf(measurement.id)]);
    expect(row.recorded_by_user_id).toBeNull();
  });
});

describe('service-user involvement and publishing', () => {
  it('records involvement of service users and carers, by date then as recorded', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const users = await buildPartner(server, org.as, { name: 'Patients forum', kind: 'SERVICE_USERS' });
    const carers = await buildPartner(server, org.as, { name: 'Carers group', kind: 'CARERS' });
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });

    const first = await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: users.id, summary: '  Shorter waits noticed ', date: '2025-04-02' });
    expect(first).toEqual({
      id: expect.any(String),
      summary: 'Shorter waits noticed',
      date: '2025-04-02',
      partner: { id: users.id, name: 'Patients forum', kind: 'SERVICE_USERS' },
    });
    expect((await evaluationRow(evaluation.id)).status).toBe('IN_PROGRESS');
    const earlier = await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: carers.id, summary: 'Parking is hard', date: '2025-03-30' });
    const sameDay = await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: carers.id, summary: 'Follow-up', date: '2025-04-02' });

    const read = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation;
    expect(read.involvements.map((i: any) => [i.id, i.partner.name])).toEqual([
      [earlier.id, 'Carers group'],
      [first.id, 'Patients forum'],
      [sameDay.id, 'Carers group'],
    ]);
    const [row] = await server.sql('SELECT partner_id, evaluation_id, summary FROM involvements WHERE id = $1', [uuidOf(first.id)]);
    expect(row).toEqual({ partner_id: users.uuid, evaluation_id: uuidOf(evaluation.id), summary: 'Shorter waits noticed' });
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'INVOLVEMENT_RECORDED');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ entity_type: 'Involvement', entity_id: uuidOf(first.id), project_id: project.uuid });
    expect(events[0]!.data.status).toEqual({ from: 'DRAFT', to: 'IN_PROGRESS' });
  });

  it('refuses involvement from other kinds of partner on input.partnerId, and unknown partners as NOT_FOUND', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const others = [];
    for (const kind of ['MANAGEMENT', 'STAFF', 'TRADE_UNION', 'COMMISSIONER', 'OTHER']) others.push(await buildPartner(server, org.as, { kind }));
    const users = await buildPartner(server, org.as, { kind: 'SERVICE_USERS' });
    const before = await tenantSnapshot(server, org.uuid);
    for (const partner of others) {
      const refused = await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: partner.id, summary: 'S', date: '2025-01-01' } }, org.as);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorField(refused)).toBe('input.partnerId');
    }
    for (const partnerId of [missingId('Partner'), project.id, 'nope']) {
      expect(errorCode(await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId, summary: 'S', date: '2025-01-01' } }, org.as))).toBe('NOT_FOUND');
    }
    expect(errorCode(await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: project.id, partnerId: users.id, summary: 'S', date: '2025-01-01' } }, org.as))).toBe(
      'NOT_FOUND',
    );
    for (const summary of ['  ', 's'.repeat(10_001), 'x\u0000']) {
      const bad = await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: users.id, summary, date: '2025-01-01' } }, org.as);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorField(bad)).toBe('input.summary');
    }
    expect(errorCode(await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: users.id, summary: 'S', date: '2025-13-01' } }, org.as))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('publishes only with involvement, once, and then takes no new measures or measurements', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const users = await buildPartner(server, org.as, { kind: 'SERVICE_USERS' });
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const measure = await addMeasure(org.as, { evaluationId: evaluation.id, name: 'Wait', baseline: 10, target: 5, direction: 'LOWER_IS_BETTER' });
    await recordMeasurement(org.as, { measureId: measure.id, value: 8, date: '2025-01-01' });

    let before = await tenantSnapshot(server, org.uuid);
    const early = await server.gql(PUBLISH, { id: evaluation.id }, org.as);
    expect(errorCode(early)).toBe('SERVICE_USER_INVOLVEMENT_REQUIRED');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(await evaluationRow(evaluation.id)).toMatchObject({ status: 'IN_PROGRESS', published_at: null });

    await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: users.id, summary: 'Better', date: '2025-01-02' });
    const published = dataOf(await server.gql(PUBLISH, { id: evaluation.id }, org.as)).publishEvaluation;
    expect(published).toEqual({ id: evaluation.id, status: 'PUBLISHED' });
    const row = await evaluationRow(evaluation.id);
    expect(row.status).toBe('PUBLISHED');
    expect(row.published_at).toBeInstanceOf(Date);
    expect(Math.abs(row.published_at.getTime() - Date.now())).toBeLessThan(60_000);
    const [event] = (await activityRows(server, org.uuid)).filter((e) => e.type === 'EVALUATION_PUBLISHED');
    expect(event).toMatchObject({ entity_type: 'Evaluation', entity_id: uuidOf(evaluation.id), project_id: project.uuid });

    before = await tenantSnapshot(server, org.uuid);
    const twice = await server.gql(PUBLISH, { id: evaluation.id }, org.as);
    expect(errorCode(twice)).toBe('INVALID_TRANSITION');
    const late = await server.gql(ADD_MEASURE, { input: { evaluationId: evaluation.id, name: 'Late', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' } }, org.as);
    expect(errorCode(late)).toBe('EVALUATION_PUBLISHED');
    // Published is frozen: a new value waits for the evaluation to be reopened (test/frozen-evaluations.test.ts).
    const lateValue = await server.gql(RECORD_MEASUREMENT, { input: { measureId: measure.id, value: 6, date: '2025-02-01' } }, org.as);
    expect(errorCode(lateValue)).toBe('EVALUATION_PUBLISHED');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    const read = dataOf(await server.gql(EVALUATION, { id: evaluation.id }, org.as)).evaluation;
    expect(read).toMatchObject({ status: 'PUBLISHED', measures: [{ latest: { value: 8 }, progressToTarget: 0.4 }] });
  });

  it('lets exactly one of two concurrent publishers win, and gives concurrent measures distinct positions', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const users = await buildPartner(server, org.as, { kind: 'CARERS' });
    const evaluation = await createEvaluation(org.as, { projectId: project.id, title: 'Impact' });
    const added = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        server.gql(ADD_MEASURE, { input: { evaluationId: evaluation.id, name: `M${i}`, baseline: 0, target: 1, direction: 'HIGHER_IS_BETTER' } }, org.as),
      ),
    );
    added.forEach((response) => dataOf(response));
    const positions = await server.sql('SELECT position FROM measures WHERE evaluation_id = $1 ORDER BY position', [uuidOf(evaluation.id)]);
    expect(positions.map((p: any) => p.position)).toEqual([0, 1, 2, 3, 4]);

    await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: users.id, summary: 'Yes', date: '2025-01-01' });
    const results = await Promise.all([1, 2, 3].map(() => server.gql(PUBLISH, { id: evaluation.id }, org.as)));
    expect(results.filter((r) => !r.body.errors).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'INVALID_TRANSITION').length).toBe(2);
    const events = (await activityRows(server, org.uuid)).filter((e) => e.type === 'EVALUATION_PUBLISHED');
    expect(events).toHaveLength(1);
  });
});

describe('roles', () => {
  it('lets an OBSERVER read but not write, and writes nothing for it', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    const member = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as);
    const users = await buildPartner(server, org.as, { kind: 'SERVICE_USERS' });
    // A MEMBER can do everything here.
    const evaluation = await createEvaluation(member.as, { projectId: project.id, title: 'Impact' });
    const measure = await addMeasure(member.as, { evaluationId: evaluation.id, name: 'Wait', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' });

    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [observer.as, observerKey.as]) {
      const writes: [string, Record<string, unknown>][] = [
        [CREATE, { input: { projectId: project.id, title: 'Nope' } }],
        [ADD_MEASURE, { input: { evaluationId: evaluation.id, name: 'Nope', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' } }],
        [RECORD_MEASUREMENT, { input: { measureId: measure.id, value: 1, date: '2025-01-01' } }],
        [RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: users.id, summary: 'Nope', date: '2025-01-01' } }],
        [PUBLISH, { id: evaluation.id }],
      ];
      for (const [mutation, variables] of writes) {
        expect(errorCode(await server.gql(mutation, variables, caller))).toBe('FORBIDDEN');
        expect(errorCode(await server.gql(mutation, variables, {}))).toBe('UNAUTHENTICATED');
      }
      expect(dataOf(await server.gql(EVALUATION, { id: evaluation.id }, caller)).evaluation.measures[0].id).toBe(measure.id);
    }
    expect(errorCode(await server.gql(EVALUATION, { id: evaluation.id }, {}))).toBe('UNAUTHENTICATED');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    await recordMeasurement(member.as, { measureId: measure.id, value: 2, date: '2025-01-01' });
    await recordInvolvement(member.as, { evaluationId: evaluation.id, partnerId: users.id, summary: 'Good', date: '2025-01-01' });
    expect(dataOf(await server.gql(PUBLISH, { id: evaluation.id }, member.as)).publishEvaluation.status).toBe('PUBLISHED');
  });
});

describe('tenancy', () => {
  it("treats organisation A's ids in organisation B as ids that do not exist, and changes nothing of A", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha' });
    const b = await buildOrganisation(server, { name: 'Beta' });
    const aProject = await buildProject(server, a.as, { name: 'MARKER-A project' });
    const aStage = await buildStage(server, a.as, { projectId: aProject.id, title: 'MARKER-A stage' });
    const aUsers = await buildPartner(server, a.as, { name: 'MARKER-A users', kind: 'SERVICE_USERS' });
    const aEvaluation = await createEvaluation(a.as, { projectId: aProject.id, title: 'MARKER-A evaluation', stageId: aStage.id });
    const aMeasure = await addMeasure(a.as, { evaluationId: aEvaluation.id, name: 'MARKER-A measure', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' });
    await recordMeasurement(a.as, { measureId: aMeasure.id, value: 1.5, date: '2025-01-01', note: 'MARKER-A note' });

    const bProject = await buildProject(server, b.as);
    const bEvaluation = await createEvaluation(b.as, { projectId: bProject.id, title: 'Beta evaluation' });
    const bUsers = await buildPartner(server, b.as, { kind: 'SERVICE_USERS' });
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    const bBefore = await tenantSnapshot(server, b.uuid);

    for (const caller of [b.as, bKey.as]) {
      expect(dataOf(await server.gql(EVALUATION, { id: aEvaluation.id }, caller)).evaluation).toBeNull();
      expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: aEvaluation.id }, caller)).node).toBeNull();
      expect(dataOf(await server.gql(PROJECT_EVALUATIONS, { id: aProject.id }, caller)).node).toBeNull();

      const refused: [string, Record<string, unknown>][] = [
        [CREATE, { input: { projectId: aProject.id, title: 'Steal' } }],
        [CREATE, { input: { projectId: bProject.id, title: 'Steal', stageId: aStage.id } }],
        [ADD_MEASURE, { input: { evaluationId: aEvaluation.id, name: 'Steal', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' } }],
        [RECORD_MEASUREMENT, { input: { measureId: aMeasure.id, value: 1, date: '2025-01-01' } }],
        [RECORD_INVOLVEMENT, { input: { evaluationId: aEvaluation.id, partnerId: bUsers.id, summary: 'Steal', date: '2025-01-01' } }],
        [RECORD_INVOLVEMENT, { input: { evaluationId: bEvaluation.id, partnerId: aUsers.id, summary: 'Steal', date: '2025-01-01' } }],
        [PUBLISH, { id: aEvaluation.id }],
      ];
      for (const [mutation, variables] of refused) {
        const response = await server.gql(mutation, variables, caller);
        expect(errorCode(response)).toBe('NOT_FOUND');
        expect(JSON.stringify(response.body)).not.toContain('MARKER-A');
      }
      const everything = await server.gql(
        `query ($id: ID!) { evaluation(id: $id) { ${EVALUATION_FIELDS} } node(id: $id) { id } activity(first: 100) { nodes { summary entityId } } }`,
        { id: bEvaluation.id },
        caller,
      );
      expect(JSON.stringify(dataOf(everything))).not.toContain('MARKER-A');
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await tenantSnapshot(server, b.uuid)).toEqual(bBefore);
  });
});

describe('loading', () => {
  it('runs the same number of statements for one evaluation as for many (no N+1)', async () => {
    const org = await buildOrganisation(server);
    const partners = [await buildPartner(server, org.as, { name: 'P1', kind: 'SERVICE_USERS' }), await buildPartner(server, org.as, { name: 'P2', kind: 'CARERS' })];
    const projectIds: string[] = [];
    for (let p = 0; p < 3; p += 1) {
      const project = await buildProject(server, org.as, { name: `Project ${p}` });
      const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Design workshops' });
      projectIds.push(project.id);
      for (let e = 0; e <= p; e += 1) {
        const evaluation = await createEvaluation(org.as, { projectId: project.id, title: `E${p}.${e}`, stageId: stage.id });
        for (let m = 0; m <= e + 1; m += 1) {
          const measure = await addMeasure(org.as, { evaluationId: evaluation.id, name: `M${m}`, baseline: 0, target: 10, direction: 'HIGHER_IS_BETTER' });
          for (let v = 0; v < m; v += 1) await recordMeasurement(org.as, { measureId: measure.id, value: v, date: `2025-01-0${v + 1}` });
        }
        for (const partner of partners.slice(0, e + 1)) {
          await recordInvolvement(org.as, { evaluationId: evaluation.id, partnerId: partner.id, summary: 'S', date: '2025-01-01' });
        }
      }
    }
    const query = (ids: string[]) => `{ ${ids.map((id, i) => `p${i}: node(id: "${id}") { ... on Project { evaluations { ${EVALUATION_FIELDS} } } }`).join(' ')} }`;
    let oneResult: any;
    const one = await countStatements(async () => {
      oneResult = dataOf(await server.gql(query(projectIds.slice(0, 1)), {}, org.as));
    });
    let manyResult: any;
    const many = await countStatements(async () => {
      manyResult = dataOf(await server.gql(query(projectIds), {}, org.as));
    });
    expect(oneResult.p0.evaluations).toHaveLength(1);
    expect(manyResult.p2.evaluations).toHaveLength(3);
    expect(manyResult.p2.evaluations[2].measures).toHaveLength(4);
    expect(manyResult.p2.evaluations[2].measures[3]).toMatchObject({ latest: { value: 2 }, changeFromBaseline: 2, progressToTarget: 0.2 });
    expect(one).toBeGreaterThan(0);
    expect(many).toBe(one);
  });
});
