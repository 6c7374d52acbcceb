import { Role } from '../src/auth/role';
import { errorExtensions, errorField } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

// Published evaluations are frozen until an ADMIN reopens them; measurements are never dated in
// the future and are corrected with a reason (shared/api.md, "People and trustworthy records").

const server = useTestServer();

const MEASUREMENT_FIELDS = `id value date source note recordedBy { id name }`;
const EVALUATION_FIELDS = `id title status measures { id name latest { id value date } measurements { ${MEASUREMENT_FIELDS} } } involvements { id summary }`;

const CREATE = `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`;
const ADD_MEASURE = `mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`;
const RECORD_MEASUREMENT = `mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { ${MEASUREMENT_FIELDS} } }`;
const RECORD_INVOLVEMENT = `mutation ($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }`;
const PUBLISH = `mutation ($id: ID!) { publishEvaluation(id: $id) { id status } }`;
const REOPEN = `mutation ($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }`;
const CORRECT = `mutation ($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { ${MEASUREMENT_FIELDS} } }`;
const EVALUATION = `query ($id: ID!) { evaluation(id: $id) { ${EVALUATION_FIELDS} } }`;

/** The calendar day `days` from today, in UTC, 'YYYY-MM-DD' (the server's "today" is UTC). */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

let evaluationsBuilt = 0;

/** An evaluation with one measure, one measurement and service-user involvement; published unless told. */
async function evaluationOf(org: TestOrganisation, options: { publish?: boolean; marker?: string } = {}) {
  const marker = options.marker ?? '';
  evaluationsBuilt += 1;
  const project = await buildProject(server, org.as, { name: `${marker} project`.trim() });
  // Partner names are unique within an organisation.
  const users = await buildPartner(server, org.as, { name: `${marker} patients forum ${evaluationsBuilt}`.trim(), kind: 'SERVICE_USERS' });
  const evaluation = dataOf(await server.gql(CREATE, { input: { projectId: project.id, title: `${marker} impact`.trim() } }, org.as)).createEvaluation;
  const measure = dataOf(
    await server.gql(
      ADD_MEASURE,
      { input: { evaluationId: evaluation.id, name: `${marker} average wait`.trim(), unit: 'days', baseline: 40, target: 20, direction: 'LOWER_IS_BETTER' } },
      org.as,
    ),
  ).addMeasure;
  const measurement = dataOf(
    await server.gql(RECORD_MEASUREMENT, { input: { measureId: measure.id, value: 35, date: '2026-03-01', source: 'Patient records', note: `${marker} Q1`.trim() } }, org.as),
  ).recordMeasurement;
  const involvement = dataOf(
    await server.gql(RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: users.id, summary: `${marker} shorter waits`.trim(), date: '2026-03-02' } }, org.as),
  ).recordInvolvement;
  if (options.publish ?? true) dataOf(await server.gql(PUBLISH, { id: evaluation.id }, org.as));
  return { project, users, evaluation, measure, measurement, involvement };
}

/** Every write into an evaluation's contents, as [name, mutation, variables]. */
function writesInto(built: Awaited<ReturnType<typeof evaluationOf>>): [string, string, Record<string, unknown>][] {
  const { evaluation, measure, measurement, users } = built;
  return [
    ['addMeasure', ADD_MEASURE, { input: { evaluationId: evaluation.id, name: 'Late', baseline: 1, target: 2, direction: 'HIGHER_IS_BETTER' } }],
    ['recordMeasurement', RECORD_MEASUREMENT, { input: { measureId: measure.id, value: 30, date: '2026-04-01' } }],
    ['recordInvolvement', RECORD_INVOLVEMENT, { input: { evaluationId: evaluation.id, partnerId: users.id, summary: 'Late', date: '2026-04-01' } }],
    ['updateMeasurement', CORRECT, { input: { id: measurement.id, value: 36, reason: 'Typo' } }],
    ['updateMeasurement (note)', CORRECT, { input: { id: measurement.id, note: null, reason: 'Not needed' } }],
  ];
}

async function evaluationRow(id: string) {
  const [row] = await server.sql('SELECT status, published_at FROM evaluations WHERE id = $1', [uuidOf(id)]);
  return row;
}

describe('a published evaluation is frozen', () => {
  it('refuses every change to its measures, measurements and involvement with EVALUATION_PUBLISHED, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const built = await evaluationOf(org);
    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [org.as, admin.as]) {
      for (const [name, mutation, variables] of writesInto(built)) {
        const refused = await server.gql(mutation, variables, caller);
        expect(`${name}: ${errorCode(refused)}`).toBe(`${name}: EVALUATION_PUBLISHED`);
        expect(errorExtensions(refused)).toMatchObject({ status: 'PUBLISHED' });
        expect(refused.body.data).toBeNull();
      }
    }
    expect(errorCode(await server.gql(PUBLISH, { id: built.evaluation.id }, org.as))).toBe('INVALID_TRANSITION');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    const read = dataOf(await server.gql(EVALUATION, { id: built.evaluation.id }, org.as)).evaluation;
    expect(read).toMatchObject({ status: 'PUBLISHED', measures: [{ latest: { id: built.measurement.id, value: 35 } }], involvements: [{ id: built.involvement.id }] });
  });

  it('lets nothing into an evaluation after the publish that froze it, even concurrently', async () => {
    const org = await buildOrganisation(server);
    const built = await evaluationOf(org, { publish: false });
    const results = await Promise.all([
      ...[1, 2, 3].map((n) => server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 30 + n, date: '2026-04-01' } }, org.as)),
      server.gql(PUBLISH, { id: built.evaluation.id }, org.as),
      ...[4, 5, 6].map((n) => server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 30 + n, date: '2026-04-01' } }, org.as)),
    ]);
    expect(dataOf(results[3]!).publishEvaluation.status).toBe('PUBLISHED');
    for (const result of results) if (result.body.errors) expect(errorCode(result)).toBe('EVALUATION_PUBLISHED');
    const types = (await activityRows(server, org.uuid)).map((row) => row.type);
    const published = types.indexOf('EVALUATION_PUBLISHED');
    // Every measurement that was written was written before the publish, in the log as in the table.
    expect(types.slice(published + 1)).not.toContain('MEASUREMENT_RECORDED');
    const recorded = types.filter((type) => type === 'MEASUREMENT_RECORDED').length;
    const accepted = results.filter((result, index) => index !== 3 && !result.body.errors).length;
    // The one recorded while building, and each accepted one; nothing else.
    expect(recorded).toBe(1 + accepted);
    const [{ n }] = await server.sql('SELECT count(*)::int AS n FROM measurements WHERE measure_id = $1', [uuidOf(built.measure.id)]);
    expect(n).toBe(recorded);
  });
});

describe('reopenEvaluation', () => {
  it('takes a published evaluation back to IN_PROGRESS with a logged reason; then it changes, and publishes again', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const member = await buildMember(server, org, Role.MEMBER);
    const built = await evaluationOf(org);

    const reopened = dataOf(await server.gql(REOPEN, { input: { id: built.evaluation.id, reason: '  Q1 figures were from the wrong ward  ' } }, admin.as)).reopenEvaluation;
    expect(reopened).toEqual({ id: built.evaluation.id, status: 'IN_PROGRESS' });
    expect(await evaluationRow(built.evaluation.id)).toEqual({ status: 'IN_PROGRESS', published_at: null });
    const [event] = (await activityRows(server, org.uuid)).filter((row) => row.type === 'EVALUATION_REOPENED');
    expect(event).toMatchObject({
      entity_type: 'Evaluation',
      entity_id: uuidOf(built.evaluation.id),
      project_id: built.project.uuid,
      actor_user_id: uuidOf(admin.id),
      data: { status: { from: 'PUBLISHED', to: 'IN_PROGRESS' }, reason: 'Q1 figures were from the wrong ward' },
    });
    expect(event!.summary).toContain('Q1 figures were from the wrong ward');

    // Reopened, every write that was refused goes through (by a MEMBER, as before publishing).
    for (const [name, mutation, variables] of writesInto(built)) {
      const response = await server.gql(mutation, variables, member.as);
      expect(`${name}: ${errorCode(response) ?? 'ok'}`).toBe(`${name}: ok`);
    }
    const read = dataOf(await server.gql(EVALUATION, { id: built.evaluation.id }, org.as)).evaluation;
    expect(read.status).toBe('IN_PROGRESS');
    expect(read.measures).toHaveLength(2);
    expect(read.measures[0].measurements.map((m: any) => [m.value, m.date, m.note])).toEqual([
      [36, '2026-03-01', null],
      [30, '2026-04-01', null],
    ]);
    expect(read.involvements).toHaveLength(2);

    expect(dataOf(await server.gql(PUBLISH, { id: built.evaluation.id }, member.as)).publishEvaluation.status).toBe('PUBLISHED');
    expect(errorCode(await server.gql(writesInto(built)[1]![1], writesInto(built)[1]![2], member.as))).toBe('EVALUATION_PUBLISHED');
  });

  it('needs an ADMIN or OWNER (users or ADMIN keys) and a reason; refuses one that is not published; writes nothing when refused', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const memberKey = await buildApiKey(server, org, Role.MEMBER);
    const adminKey = await buildApiKey(server, org, Role.ADMIN);
    const built = await evaluationOf(org);
    const open = await evaluationOf(org, { publish: false });
    const draft = dataOf(await server.gql(CREATE, { input: { projectId: open.project.id, title: 'Draft' } }, org.as)).createEvaluation;
    const before = await tenantSnapshot(server, org.uuid);

    for (const caller of [member.as, observer.as, memberKey.as]) {
      expect(errorCode(await server.gql(REOPEN, { input: { id: built.evaluation.id, reason: 'Because' } }, caller))).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(REOPEN, { input: { id: built.evaluation.id, reason: 'Because' } }, {}))).toBe('UNAUTHENTICATED');
    for (const reason of ['', '   ', 'r'.repeat(10_001), 'nul\u0000']) {
      const bad = await server.gql(REOPEN, { input: { id: built.evaluation.id, reason } }, org.as);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorField(bad)).toBe('input.reason');
    }
    expect(errorCode(await server.gql(`mutation ($id: ID!) { reopenEvaluation(input: { id: $id }) { id } }`, { id: built.evaluation.id }, org.as))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    for (const [id, from] of [
      [open.evaluation.id, 'IN_PROGRESS'],
      [draft.id, 'DRAFT'],
    ] as const) {
      const refused = await server.gql(REOPEN, { input: { id, reason: 'Because' } }, org.as);
      expect(errorCode(refused)).toBe('INVALID_TRANSITION');
      expect(errorExtensions(refused)).toMatchObject({ from, to: 'IN_PROGRESS' });
    }
    for (const id of [missingId('Evaluation'), built.project.id, built.measure.id, 'nonsense']) {
      expect(errorCode(await server.gql(REOPEN, { input: { id, reason: 'Because' } }, org.as))).toBe('NOT_FOUND');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // An ADMIN key may, as the owner may.
    expect(dataOf(await server.gql(REOPEN, { input: { id: built.evaluation.id, reason: 'Board asked for Q2' } }, adminKey.as)).reopenEvaluation.status).toBe('IN_PROGRESS');
    const [event] = (await activityRows(server, org.uuid)).filter((row) => row.type === 'EVALUATION_REOPENED');
    expect(event).toMatchObject({ actor_user_id: null, actor_api_key_id: uuidOf(adminKey.id) });
  });
});

describe('measurement dates', () => {
  it('refuses a measurement dated after today (UTC) on input.date, and takes today', async () => {
    const org = await buildOrganisation(server);
    const built = await evaluationOf(org, { publish: false });
    const before = await tenantSnapshot(server, org.uuid);
    for (const date of [dayFromToday(2), '2999-01-01']) {
      const refused = await server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 1, date } }, org.as);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorField(refused)).toBe('input.date');
      const corrected = await server.gql(CORRECT, { input: { id: built.measurement.id, date, reason: 'Wrong day' } }, org.as);
      expect(errorCode(corrected)).toBe('BAD_USER_INPUT');
      expect(errorField(corrected)).toBe('input.date');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    const today = dayFromToday(0);
    expect(dataOf(await server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 1, date: today } }, org.as)).recordMeasurement.date).toBe(today);
    expect(dataOf(await server.gql(CORRECT, { input: { id: built.measurement.id, date: dayFromToday(-1), reason: 'Wrong day' } }, org.as)).updateMeasurement.date).toBe(
      dayFromToday(-1),
    );
  });
});

describe('updateMeasurement', () => {
  it('corrects a value with a reason; the log keeps the old and new values; the latest follows', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const built = await evaluationOf(org, { publish: false });
    const june = dataOf(await server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 25, date: '2026-06-01' } }, org.as)).recordMeasurement;

    const corrected = dataOf(
      await server.gql(
        CORRECT,
        { input: { id: built.measurement.id, value: 33.5, date: '2026-07-01', source: '  Ward audit ', note: '', reason: ' Entered from the wrong report ' } },
        member.as,
      ),
    ).updateMeasurement;
    expect(corrected).toEqual({
      id: built.measurement.id,
      value: 33.5,
      date: '2026-07-01',
      source: 'Ward audit',
      note: null,
      recordedBy: { id: org.owner.id, name: org.owner.name },
    });
    const [row] = await server.sql('SELECT value, date::text AS date, source, note, recorded_by_user_id FROM measurements WHERE id = $1', [uuidOf(built.measurement.id)]);
    expect(row).toEqual({ value: 33.5, date: '2026-07-01', source: 'Ward audit', note: null, recorded_by_user_id: uuidOf(org.owner.id) });

    const [event] = (await activityRows(server, org.uuid)).filter((e) => e.type === 'MEASUREMENT_CORRECTED');
    expect(event).toMatchObject({
      entity_type: 'Measurement',
      entity_id: uuidOf(built.measurement.id),
      project_id: built.project.uuid,
      actor_user_id: uuidOf(member.id),
      data: {
        evaluationId: built.evaluation.id,
        measureId: built.measure.id,
        reason: 'Entered from the wrong report',
        changes: [
          { field: 'value', from: '35', to: '33.5' },
          { field: 'date', from: '2026-03-01', to: '2026-07-01' },
          { field: 'source', from: 'Patient records', to: 'Ward audit' },
          { field: 'note', from: 'Q1', to: null },
        ],
      },
    });
    expect(event!.summary).toContain('Entered from the wrong report');
    // Through the API, the reason is its own field (a page never parses it out of the summary).
    const logged = dataOf(
      await server.gql(`{ activity(types: ["MEASUREMENT_CORRECTED", "MEASUREMENT_RECORDED"], newestFirst: true, first: 5) { nodes { type reason } } }`, {}, org.as),
    ).activity.nodes;
    expect(logged).toEqual([
      { type: 'MEASUREMENT_CORRECTED', reason: 'Entered from the wrong report' },
      { type: 'MEASUREMENT_RECORDED', reason: null },
      { type: 'MEASUREMENT_RECORDED', reason: null },
    ]);

    // Moved after June, the corrected one is now the latest.
    const read = dataOf(await server.gql(EVALUATION, { id: built.evaluation.id }, org.as)).evaluation;
    expect(read.measures[0].latest).toEqual({ id: built.measurement.id, value: 33.5, date: '2026-07-01' });
    expect(read.measures[0].measurements.map((m: any) => m.id)).toEqual([june.id, built.measurement.id]);

    // Only what is given changes; a correction that changes nothing writes nothing.
    const partial = dataOf(await server.gql(CORRECT, { input: { id: june.id, note: 'Checked', reason: 'Add context' } }, org.as)).updateMeasurement;
    expect(partial).toMatchObject({ value: 25, date: '2026-06-01', source: null, note: 'Checked' });
    const [second] = (await activityRows(server, org.uuid)).filter((e) => e.type === 'MEASUREMENT_CORRECTED').slice(1);
    expect(second!.data.changes).toEqual([{ field: 'note', from: null, to: 'Checked' }]);
    const before = await tenantSnapshot(server, org.uuid);
    const same = dataOf(await server.gql(CORRECT, { input: { id: june.id, value: 25, note: ' Checked ', reason: 'Again' } }, org.as)).updateMeasurement;
    expect(same).toMatchObject({ id: june.id, value: 25, note: 'Checked' });
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('refuses a missing reason, a null value or date, bad text, unknown ids and OBSERVERs, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    const built = await evaluationOf(org, { publish: false });
    const id = built.measurement.id;
    const before = await tenantSnapshot(server, org.uuid);
    for (const [field, input] of [
      ['input.reason', { id, value: 1, reason: '' }],
      ['input.reason', { id, value: 1, reason: '  ' }],
      ['input.value', { id, value: null, reason: 'R' }],
      ['input.date', { id, date: null, reason: 'R' }],
      ['input.source', { id, source: 's'.repeat(10_001), reason: 'R' }],
      ['input.note', { id, note: 'x\u0000', reason: 'R' }],
    ] as const) {
      const bad = await server.gql(CORRECT, { input }, org.as);
      expect(`${field}: ${errorCode(bad)}`).toBe(`${field}: BAD_USER_INPUT`);
      expect(errorField(bad)).toBe(field);
    }
    expect(errorCode(await server.gql(CORRECT, { input: { id, value: 1 } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(CORRECT, { input: { id, date: '2026-02-30', reason: 'R' } }, org.as))).toBe('BAD_USER_INPUT');
    for (const unknown of [missingId('Measurement'), built.measure.id, built.evaluation.id, 'x']) {
      expect(errorCode(await server.gql(CORRECT, { input: { id: unknown, value: 1, reason: 'R' } }, org.as))).toBe('NOT_FOUND');
    }
    for (const caller of [observer.as, observerKey.as]) {
      expect(errorCode(await server.gql(CORRECT, { input: { id, value: 1, reason: 'R' } }, caller))).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(CORRECT, { input: { id, value: 1, reason: 'R' } }, {}))).toBe('UNAUTHENTICATED');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });
});

describe('measures and measurements as nodes', () => {
  it('resolves both by global id through node(id), with who recorded a measurement (nobody for an API key)', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org, Role.MEMBER);
    const built = await evaluationOf(org, { publish: false });
    const byKey = dataOf(await server.gql(RECORD_MEASUREMENT, { input: { measureId: built.measure.id, value: 30, date: '2026-04-01' } }, key.as)).recordMeasurement;
    expect(byKey.recordedBy).toBeNull();
    const nodes = dataOf(
      await server.gql(
        `query ($m: ID!, $a: ID!, $b: ID!) {
           m: node(id: $m) { id ... on Measure { name } }
           a: node(id: $a) { id ... on Measurement { value recordedBy { id name } } }
           b: node(id: $b) { id ... on Measurement { value recordedBy { id } } }
         }`,
        { m: built.measure.id, a: built.measurement.id, b: byKey.id },
        org.as,
      ),
    );
    expect(nodes).toEqual({
      m: { id: built.measure.id, name: 'average wait' },
      a: { id: built.measurement.id, value: 35, recordedBy: { id: org.owner.id, name: org.owner.name } },
      b: { id: byKey.id, value: 30, recordedBy: null },
    });
  });
});

describe('tenancy', () => {
  it("treats organisation A's evaluations and measurements in B as missing ones, and changes nothing of A", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha' });
    const b = await buildOrganisation(server, { name: 'Beta' });
    const aPublished = await evaluationOf(a, { marker: 'MARKER-A' });
    const aOpen = await evaluationOf(a, { publish: false, marker: 'MARKER-A' });
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    const bBefore = await tenantSnapshot(server, b.uuid);

    for (const caller of [b.as, bKey.as] as Caller[]) {
      for (const built of [aPublished, aOpen]) {
        const refused: [string, Record<string, unknown>][] = [
          [REOPEN, { input: { id: built.evaluation.id, reason: 'Steal' } }],
          [CORRECT, { input: { id: built.measurement.id, value: 1, reason: 'Steal' } }],
          [CORRECT, { input: { id: built.measurement.id, note: null, reason: 'Steal' } }],
        ];
        for (const [mutation, variables] of refused) {
          const response = await server.gql(mutation, variables, caller);
          expect(errorCode(response)).toBe('NOT_FOUND');
          expect(JSON.stringify(response.body)).not.toContain('MARKER-A');
        }
        for (const id of [built.measure.id, built.measurement.id, built.evaluation.id]) {
          expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, caller)).node).toBeNull();
        }
      }
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await tenantSnapshot(server, b.uuid)).toEqual(bBefore);
  });
});
