import { Role } from '../src/auth/role';
import { errorExtensions, errorField, errorMessage } from './support/assertions';
import { activityRows, setProjectStatus, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

const server = useTestServer();

const STAGE = `id title description position status dueDate startedAt completedAt blockedReason isLate version
  owner { id name } dependsOn { id title } completedBy { id email }
  celebrations { id message acknowledgedBy { id email } createdAt } project { id }`;
const ADD = `mutation ($input: AddStageInput!) { addStage(input: $input) { ${STAGE} } }`;
const UPDATE = `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { ${STAGE} } }`;
const MOVE = `mutation ($input: MoveStageInput!) { moveStage(input: $input) { id stages { id title position } } }`;
const START = `mutation ($id: ID!) { startStage(id: $id) { ${STAGE} } }`;
const BLOCK = `mutation ($input: BlockStageInput!) { blockStage(input: $input) { ${STAGE} } }`;
const COMPLETE = `mutation ($input: CompleteStageInput!) { completeStage(input: $input) { ${STAGE} } }`;
const CANCEL = `mutation ($id: ID!) { cancelStage(id: $id) { ${STAGE} } }`;
const CELEBRATE = `mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id message acknowledgedBy { id email } createdAt } }`;
const GET = `query ($id: ID!) { stage(id: $id) { ${STAGE} } }`;
const PLAN = `query ($id: ID!) { node(id: $id) { ... on Project { id stages { id title position status } } } }`;

async function addStage(caller: Caller, projectId: string, input: Record<string, unknown> = {}): Promise<any> {
  return dataOf(await server.gql(ADD, { input: { projectId, title: 'A stage', ...input } }, caller)).addStage;
}

/** A fresh organisation with a project in `status` (created through GraphQL, its status set directly). */
async function setup(status = 'ACTIVE') {
  const org = await buildOrganisation(server);
  const project = await buildProject(server, org.as, { status });
  return { org, projectId: project.id, orgId: org.uuid };
}

describe('adding stages', () => {
  it('appends stages in order with their fields, dependencies and an activity event', async () => {
    const { org, projectId, orgId } = await setup('PROPOSED');
    const partnerId = (await buildPartner(server, org.as, { name: 'Unison', kind: 'TRADE_UNION' })).id;
    const first = await addStage(org.as, projectId, { title: '  Consult staff  ', description: 'Open sessions', ownerPartnerId: partnerId, dueDate: '2099-05-01' });
    expect(first).toMatchObject({
      title: 'Consult staff',
      description: 'Open sessions',
      position: 0,
      status: 'NOT_STARTED',
      dueDate: '2099-05-01',
      startedAt: null,
      completedAt: null,
      completedBy: null,
      blockedReason: null,
      isLate: false,
      version: 1,
      owner: { id: partnerId, name: 'Unison' },
      dependsOn: [],
      celebrations: [],
      project: { id: projectId },
    });
    const second = await addStage(org.as, projectId, { title: 'Design', dependsOnStageIds: [first.id, first.id] });
    const third = await addStage(org.as, projectId, { title: 'Build', dependsOnStageIds: [second.id, first.id], dueDate: '2001-01-01' });
    expect(second).toMatchObject({ position: 1, dependsOn: [{ id: first.id, title: 'Consult staff' }], owner: null, dueDate: null });
    // dependsOn is ordered by position, whatever order they were given in.
    expect(third).toMatchObject({ position: 2, isLate: true, dependsOn: [{ id: first.id }, { id: second.id }] });

    const plan = dataOf(await server.gql(PLAN, { id: projectId }, org.as)).node;
    expect(plan.stages.map((s: any) => [s.title, s.position])).toEqual([
      ['Consult staff', 0],
      ['Design', 1],
      ['Build', 2],
    ]);

    const deps = await server.sql('SELECT stage_id, depends_on_stage_id, project_id FROM stage_dependencies WHERE organisation_id = $1', [orgId]);
    expect(deps).toHaveLength(3);
    expect(deps.every((d: any) => d.project_id === uuidOf(projectId))).toBe(true);

    const events = (await activityRows(server, orgId)).filter((e: any) => e.entity_type === 'Stage');
    expect(events.map((e: any) => e.type)).toEqual(['STAGE_ADDED', 'STAGE_ADDED', 'STAGE_ADDED']);
    expect(events[0]).toMatchObject({ entity_id: uuidOf(first.id), project_id: uuidOf(projectId), data: { stageId: uuidOf(first.id), position: 0 } });
    expect(events[2]!.actor_user_id).toBe(uuidOf(org.owner.id));
  });

  it('validates the input and writes nothing when refused', async () => {
    const { org, projectId, orgId } = await setup();
    const other = (await buildProject(server, org.as, { name: 'Other project', status: 'ACTIVE' })).id;
    const elsewhere = await addStage(org.as, other, { title: 'Elsewhere' });
    const before = await tenantSnapshot(server, orgId);

    const blank = await server.gql(ADD, { input: { projectId, title: '   ' } }, org.as);
    expect([errorCode(blank), errorField(blank)]).toEqual(['BAD_USER_INPUT', 'input.title']);
    const long = await server.gql(ADD, { input: { projectId, title: 'x'.repeat(201) } }, org.as);
    expect([errorCode(long), errorField(long)]).toEqual(['BAD_USER_INPUT', 'input.title']);
    const description = await server.gql(ADD, { input: { projectId, title: 'T', description: 'x'.repeat(10_001) } }, org.as);
    expect([errorCode(description), errorField(description)]).toEqual(['BAD_USER_INPUT', 'input.description']);
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', dueDate: '2025-02-30' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', dueDate: '2025-02-03T00:00:00Z' } }, org.as))).toBe('BAD_USER_INPUT');
    // A dependency must be a stage of the same project; an owner must be a partner.
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', dependsOnStageIds: [elsewhere.id] } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', dependsOnStageIds: ['garbage'] } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', ownerPartnerId: missingId('Partner') } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(ADD, { input: { projectId, title: 'T', ownerPartnerId: projectId } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(ADD, { input: { projectId: elsewhere.id, title: 'T' } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(ADD, { input: { projectId: missingId('Project'), title: 'T' } }, org.as))).toBe('NOT_FOUND');

    expect(await tenantSnapshot(server, orgId)).toEqual(before);
  });
});

describe('reading stages', () => {
  it('finds a stage by id and returns null for anything else', async () => {
    const { org, projectId } = await setup();
    const stage = await addStage(org.as, projectId, { title: 'Read me' });
    const observer = await buildMember(server, org, Role.OBSERVER);
    expect(dataOf(await server.gql(GET, { id: stage.id }, observer.as)).stage).toMatchObject({ id: stage.id, title: 'Read me' });
    expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id ... on Stage { title } } }`, { id: stage.id }, observer.as)).node).toEqual({
      id: stage.id,
      title: 'Read me',
    });
    for (const id of ['garbage', projectId, missingId('Stage')]) {
      expect(dataOf(await server.gql(GET, { id }, org.as)).stage).toBeNull();
    }
  });

  it('resolves every relation of a plan with a constant number of statements', async () => {
    const { org, projectId } = await setup();
    const partnerId = (await buildPartner(server, org.as, { name: 'Unison', kind: 'TRADE_UNION' })).id;
    const query = `query ($id: ID!) { node(id: $id) { ... on Project { stages { ${STAGE} } } } }`;
    const statementsFor = async () => {
      let stages = 0;
      const count = await countStatements(async () => {
        stages = dataOf(await server.gql(query, { id: projectId }, org.as)).node.stages.length;
      });
      return { count, stages };
    };
    const grow = async (n: number) => {
      let previous: string | undefined;
      for (let i = 0; i < n; i += 1) {
        const stage = await addStage(org.as, projectId, { ownerPartnerId: partnerId, dependsOnStageIds: previous ? [previous] : [] });
        await server.gql(START, { id: stage.id }, org.as);
        await server.gql(COMPLETE, { input: { id: stage.id, celebration: `Done ${i}` } }, org.as);
        previous = stage.id;
      }
    };
    await grow(2);
    const small = await statementsFor();
    await grow(4);
    const large = await statementsFor();
    expect([small.stages, large.stages]).toEqual([2, 6]);
    expect(small.count).toBeGreaterThan(3);
    expect(large.count).toBe(small.count);
  });
});

describe('updating stages', () => {
  it('changes the given fields, clears with null, bumps the version and records the change', async () => {
    const { org, projectId, orgId } = await setup();
    const partnerId = (await buildPartner(server, org.as, { name: 'Unison', kind: 'TRADE_UNION' })).id;
    const a = await addStage(org.as, projectId, { title: 'A' });
    const b = await addStage(org.as, projectId, { title: 'B', description: 'old', ownerPartnerId: partnerId, dueDate: '2099-01-01' });

    const updated = dataOf(await server.gql(UPDATE, { input: { id: b.id, expectedVersion: 1, title: ' B2 ', dependsOnStageIds: [a.id] } }, org.as)).updateStage;
    expect(updated).toMatchObject({ title: 'B2', description: 'old', owner: { id: partnerId }, dueDate: '2099-01-01', version: 2, dependsOn: [{ id: a.id }] });

    const cleared = dataOf(
      await server.gql(UPDATE, { input: { id: b.id, expectedVersion: 2, description: null, ownerPartnerId: null, dueDate: null, dependsOnStageIds: [] } }, org.as),
    ).updateStage;
    expect(cleared).toMatchObject({ title: 'B2', description: null, owner: null, dueDate: null, version: 3, dependsOn: [] });
    expect(await server.sql('SELECT * FROM stage_dependencies WHERE organisation_id = $1', [orgId])).toEqual([]);

    const updates = (await activityRows(server, orgId)).filter((e: any) => e.type === 'STAGE_UPDATED');
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({
      entity_type: 'Stage',
      entity_id: uuidOf(b.id),
      project_id: uuidOf(projectId),
      data: { stageId: uuidOf(b.id), changed: ['title', 'dependsOn'] },
    });
  });

  it('refuses stale versions, bad titles, self-dependencies, cycles and foreign ids, writing nothing', async () => {
    const { org, projectId, orgId } = await setup();
    const other = (await buildProject(server, org.as, { name: 'Other', status: 'ACTIVE' })).id;
    const elsewhere = await addStage(org.as, other, { title: 'Elsewhere' });
    const a = await addStage(org.as, projectId, { title: 'A' });
    const b = await addStage(org.as, projectId, { title: 'B', dependsOnStageIds: [a.id] });
    const c = await addStage(org.as, projectId, { title: 'C', dependsOnStageIds: [b.id] });
    const before = await tenantSnapshot(server, orgId);

    expect(errorCode(await server.gql(UPDATE, { input: { id: a.id, expectedVersion: 7, title: 'X' } }, org.as))).toBe('CONFLICT');
    const nullTitle = await server.gql(UPDATE, { input: { id: a.id, expectedVersion: 1, title: null } }, org.as);
    expect([errorCode(nullTitle), errorField(nullTitle)]).toEqual(['BAD_USER_INPUT', 'input.title']);
    const self = await server.gql(UPDATE, { input: { id: a.id, expectedVersion: 1, dependsOnStageIds: [a.id] } }, org.as);
    expect([errorCode(self), errorField(self)]).toEqual(['BAD_USER_INPUT', 'input.dependsOnStageIds']);
    for (const dependsOnStageIds of [[b.id], [c.id], [b.id, c.id]]) {
      const cycle = await server.gql(UPDATE, { input: { id: a.id, expectedVersion: 1, dependsOnStageIds } }, org.as);
      expect([errorCode(cycle), errorField(cycle)]).toEqual(['BAD_USER_INPUT', 'input.dependsOnStageIds']);
    }
    expect(errorCode(await server.gql(UPDATE, { input: { id: c.id, expectedVersion: 1, dependsOnStageIds: [elsewhere.id] } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(UPDATE, { input: { id: c.id, expectedVersion: 1, ownerPartnerId: missingId('Partner') } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(UPDATE, { input: { id: missingId('Stage'), expectedVersion: 1, title: 'X' } }, org.as))).toBe('NOT_FOUND');

    expect(await tenantSnapshot(server, orgId)).toEqual(before);
    // A dependency that is not a cycle (A -> C when C already waits for A is; C -> A again is not).
    expect(
      dataOf(await server.gql(UPDATE, { input: { id: c.id, expectedVersion: 1, dependsOnStageIds: [a.id, b.id] } }, org.as)).updateStage.dependsOn.map((s: any) => s.id),
    ).toEqual([a.id, b.id]);
  });
});

describe('moving stages', () => {
  it('moves a stage and shifts the others, keeping positions 0..n-1', async () => {
    const { org, projectId, orgId } = await setup();
    const ids: string[] = [];
    for (const title of ['A', 'B', 'C', 'D']) ids.push((await addStage(org.as, projectId, { title })).id);
    const versions = await server.sql('SELECT id, version FROM stages WHERE organisation_id = $1 ORDER BY id', [orgId]);

    const moved = dataOf(await server.gql(MOVE, { input: { id: ids[3], position: 0 } }, org.as)).moveStage;
    expect(moved.id).toBe(projectId);
    expect(moved.stages.map((s: any) => [s.title, s.position])).toEqual([
      ['D', 0],
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
    const back = dataOf(await server.gql(MOVE, { input: { id: ids[3], position: 3 } }, org.as)).moveStage;
    expect(back.stages.map((s: any) => s.title)).toEqual(['A', 'B', 'C', 'D']);
    const middle = dataOf(await server.gql(MOVE, { input: { id: ids[0], position: 2 } }, org.as)).moveStage;
    expect(middle.stages.map((s: any) => [s.title, s.position])).toEqual([
      ['B', 0],
      ['C', 1],
      ['A', 2],
      ['D', 3],
    ]);
    // Positions are the plan's order, not a stage's content: no version moves.
    expect(await server.sql('SELECT id, version FROM stages WHERE organisation_id = $1 ORDER BY id', [orgId])).toEqual(versions);

    const moves = (await activityRows(server, orgId)).filter((e: any) => e.type === 'STAGE_MOVED');
    expect(moves.map((e: any) => e.data)).toEqual([
      { stageId: uuidOf(ids[3]!), from: 3, to: 0, changes: { position: { from: 3, to: 0 } } },
      { stageId: uuidOf(ids[3]!), from: 0, to: 3, changes: { position: { from: 0, to: 3 } } },
      { stageId: uuidOf(ids[0]!), from: 0, to: 2, changes: { position: { from: 0, to: 2 } } },
    ]);
    expect(moves.every((e: any) => e.entity_type === 'Stage' && e.project_id === uuidOf(projectId))).toBe(true);
  });

  it('refuses a position outside 0..n-1 and writes nothing', async () => {
    const { org, projectId, orgId } = await setup();
    const a = await addStage(org.as, projectId, { title: 'A' });
    await addStage(org.as, projectId, { title: 'B' });
    const before = await tenantSnapshot(server, orgId);
    for (const position of [-1, 2, 1000]) {
      const response = await server.gql(MOVE, { input: { id: a.id, position } }, org.as);
      expect([errorCode(response), errorField(response)]).toEqual(['BAD_USER_INPUT', 'input.position']);
    }
    expect(errorCode(await server.gql(MOVE, { input: { id: projectId, position: 0 } }, org.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, orgId)).toEqual(before);
  });

  it('serializes concurrent moves and adds: positions stay contiguous and unique', async () => {
    const { org, projectId, orgId } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) ids.push((await addStage(org.as, projectId, { title: `S${i}` })).id);
    const moves = [
      [0, 5],
      [5, 0],
      [2, 3],
      [3, 1],
      [1, 4],
      [4, 2],
      [0, 2],
      [5, 5],
    ] as const;
    const responses = await Promise.all([
      ...moves.map(([stage, position]) => server.gql(MOVE, { input: { id: ids[stage], position } }, org.as)),
      server.gql(ADD, { input: { projectId, title: 'Late add 1' } }, org.as),
      server.gql(ADD, { input: { projectId, title: 'Late add 2' } }, org.as),
    ]);
    for (const response of responses) dataOf(response);
    const positions = await server.sql('SELECT position FROM stages WHERE organisation_id = $1 ORDER BY position', [orgId]);
    expect(positions.map((r: any) => r.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const events = await activityRows(server, orgId);
    expect(events.filter((e: any) => e.type === 'STAGE_MOVED')).toHaveLength(moves.length);
  });
});

describe('stage transitions', () => {
  const ACTIONS: Record<string, { to: string; call: (id: string) => [string, Record<string, unknown>] }> = {
    start: { to: 'IN_PROGRESS', call: (id) => [START, { id }] },
    block: { to: 'BLOCKED', call: (id) => [BLOCK, { input: { id, reason: 'Waiting for funding' } }] },
    complete: { to: 'DONE', call: (id) => [COMPLETE, { input: { id } }] },
    cancel: { to: 'CANCELLED', call: (id) => [CANCEL, { id }] },
  };
  const ALLOWED: Record<string, string[]> = {
    start: ['NOT_STARTED', 'BLOCKED'],
    block: ['NOT_STARTED', 'IN_PROGRESS'],
    complete: ['IN_PROGRESS'],
    cancel: ['NOT_STARTED', 'IN_PROGRESS', 'BLOCKED'],
  };

  it('follows the transition table exactly; anything else is INVALID_TRANSITION and changes nothing', async () => {
    const { org, projectId, orgId } = await setup();
    const stage = await addStage(org.as, projectId, { title: 'Matrix' });
    for (const from of ['NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED']) {
      for (const [name, action] of Object.entries(ACTIONS)) {
        await server.sql(
          `UPDATE stages SET status = $1::text,
                  blocked_reason = CASE WHEN $1::text = 'BLOCKED' THEN 'set up' END,
                  completed_at = CASE WHEN $1::text = 'DONE' THEN now() END
            WHERE id = $2`,
          [from, uuidOf(stage.id)],
        );
        const before = await tenantSnapshot(server, orgId);
        const [query, variables] = action.call(stage.id);
        const response = await server.gql(query, variables, org.as);
        if (ALLOWED[name]!.includes(from)) {
          expect([from, name, (Object.values(dataOf(response))[0] as { status: string }).status]).toEqual([from, name, action.to]);
        } else {
          expect([from, name, errorCode(response)]).toEqual([from, name, 'INVALID_TRANSITION']);
          expect(await tenantSnapshot(server, orgId)).toEqual(before);
        }
      }
    }
  });

  it('starts, blocks with a reason, restarts, completes with a celebration, and records each step', async () => {
    const { org, projectId, orgId } = await setup();
    const member = await buildMember(server, org, Role.MEMBER);
    const stage = await addStage(member.as, projectId, { title: 'Recruit', dueDate: '2000-01-01' });
    expect(stage.isLate).toBe(true);

    const started = dataOf(await server.gql(START, { id: stage.id }, member.as)).startStage;
    expect(started).toMatchObject({ status: 'IN_PROGRESS', version: 2, blockedReason: null });
    expect(started.startedAt).toEqual(expect.any(String));

    const blank = await server.gql(BLOCK, { input: { id: stage.id, reason: '  ' } }, member.as);
    expect([errorCode(blank), errorField(blank)]).toEqual(['BAD_USER_INPUT', 'input.reason']);
    const blocked = dataOf(await server.gql(BLOCK, { input: { id: stage.id, reason: ' No budget ' } }, member.as)).blockStage;
    expect(blocked).toMatchObject({ status: 'BLOCKED', blockedReason: 'No budget', startedAt: started.startedAt, isLate: true });

    const restarted = dataOf(await server.gql(START, { id: stage.id }, member.as)).startStage;
    // startedAt is the first start; the reason goes with the block.
    expect(restarted).toMatchObject({ status: 'IN_PROGRESS', blockedReason: null, startedAt: started.startedAt });

    const done = dataOf(await server.gql(COMPLETE, { input: { id: stage.id, celebration: 'Fully staffed!' } }, member.as)).completeStage;
    expect(done).toMatchObject({ status: 'DONE', isLate: false, completedBy: { id: member.id, email: member.email } });
    expect(done.celebrations).toEqual([
      { id: expect.any(String), message: 'Fully staffed!', acknowledgedBy: { id: member.id, email: member.email }, createdAt: expect.any(String) },
    ]);
    expect(Date.parse(done.completedAt)).toBeGreaterThanOrEqual(Date.parse(started.startedAt));

    const [row] = await server.sql('SELECT status, completed_by_user_id, completed_at FROM stages WHERE id = $1', [uuidOf(stage.id)]);
    expect(row).toMatchObject({ status: 'DONE', completed_by_user_id: uuidOf(member.id) });
    const celebrations = await server.sql('SELECT id, message, acknowledged_by_user_id, acknowledged_by_api_key_id FROM celebrations WHERE organisation_id = $1', [orgId]);
    expect(celebrations).toEqual([
      { id: uuidOf(done.celebrations[0].id), message: 'Fully staffed!', acknowledged_by_user_id: uuidOf(member.id), acknowledged_by_api_key_id: null },
    ]);

    const events = (await activityRows(server, orgId)).filter((e: any) => e.entity_type === 'Stage');
    expect(events.map((e: any) => e.type)).toEqual(['STAGE_ADDED', 'STAGE_STARTED', 'STAGE_BLOCKED', 'STAGE_STARTED', 'STAGE_COMPLETED']);
    expect(events.every((e: any) => e.project_id === uuidOf(projectId) && e.entity_id === uuidOf(stage.id) && e.data.stageId === uuidOf(stage.id))).toBe(true);
    expect(events[4]!.data).toEqual({
      stageId: uuidOf(stage.id),
      celebrationId: celebrations[0].id,
      changes: { completedAt: { from: null, to: expect.any(String) }, completedByUserId: { from: null, to: member.id }, status: { from: 'IN_PROGRESS', to: 'DONE' } },
    });
    expect(events[4]!.actor_user_id).toBe(uuidOf(member.id));
  });

  it('cancels from any open status; a cancelled stage stays cancelled', async () => {
    const { org, projectId, orgId } = await setup();
    const stage = await addStage(org.as, projectId);
    await server.gql(BLOCK, { input: { id: stage.id, reason: 'Paused' } }, org.as);
    const cancelled = dataOf(await server.gql(CANCEL, { id: stage.id }, org.as)).cancelStage;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', blockedReason: null });
    expect(errorCode(await server.gql(START, { id: stage.id }, org.as))).toBe('INVALID_TRANSITION');
    expect((await activityRows(server, orgId)).map((e: any) => e.type).slice(-2)).toEqual(['STAGE_BLOCKED', 'STAGE_CANCELLED']);
  });

  it('refuses to start a stage while a dependency is not DONE, naming the open ones', async () => {
    const { org, projectId, orgId } = await setup();
    const a = await addStage(org.as, projectId, { title: 'A' });
    const b = await addStage(org.as, projectId, { title: 'B' });
    const c = await addStage(org.as, projectId, { title: 'C', dependsOnStageIds: [b.id, a.id] });
    const before = await tenantSnapshot(server, orgId);
    const refused = await server.gql(START, { id: c.id }, org.as);
    expect(errorCode(refused)).toBe('DEPENDENCY_NOT_DONE');
    expect(errorExtensions(refused)?.dependencies).toEqual([a.id, b.id]);
    expect(await tenantSnapshot(server, orgId)).toEqual(before);

    for (const query of [START, COMPLETE]) await server.gql(query, query === START ? { id: a.id } : { input: { id: a.id } }, org.as);
    expect(dataOf(await server.gql(GET, { id: a.id }, org.as)).stage.status).toBe('DONE');
    const stillOpen = await server.gql(START, { id: c.id }, org.as);
    expect(errorExtensions(stillOpen)?.dependencies).toEqual([b.id]);
    // A BLOCKED stage with an open dependency cannot restart either.
    dataOf(await server.gql(BLOCK, { input: { id: c.id, reason: 'Waiting' } }, org.as));
    expect(errorCode(await server.gql(START, { id: c.id }, org.as))).toBe('DEPENDENCY_NOT_DONE');

    await server.gql(START, { id: b.id }, org.as);
    await server.gql(COMPLETE, { input: { id: b.id } }, org.as);
    expect(dataOf(await server.gql(START, { id: c.id }, org.as)).startStage.status).toBe('IN_PROGRESS');
  });

  it('records an API key completion with no user and the key as acknowledger', async () => {
    const { org, projectId, orgId } = await setup();
    const key = await buildApiKey(server, org, Role.MEMBER);
    const stage = await addStage(key.as, projectId);
    dataOf(await server.gql(START, { id: stage.id }, key.as));
    const done = dataOf(await server.gql(COMPLETE, { input: { id: stage.id } }, key.as)).completeStage;
    expect(done).toMatchObject({ status: 'DONE', completedBy: null, celebrations: [{ message: null, acknowledgedBy: null }] });
    const [celebration] = await server.sql('SELECT acknowledged_by_user_id, acknowledged_by_api_key_id FROM celebrations WHERE organisation_id = $1', [orgId]);
    expect(celebration).toEqual({ acknowledged_by_user_id: null, acknowledged_by_api_key_id: uuidOf(key.id) });
    const [event] = (await activityRows(server, orgId)).filter((e: any) => e.type === 'STAGE_COMPLETED');
    expect(event).toMatchObject({ actor_user_id: null, actor_api_key_id: uuidOf(key.id) });
  });
});

describe('project status and the plan', () => {
  it('starts and completes stages only in an ACTIVE project', async () => {
    for (const status of ['PROPOSED', 'ON_HOLD']) {
      const { org, projectId, orgId } = await setup(status);
      const stage = await addStage(org.as, projectId);
      const before = await tenantSnapshot(server, orgId);
      const refused = await server.gql(START, { id: stage.id }, org.as);
      expect(errorCode(refused)).toBe('INVALID_TRANSITION');
      expect(errorMessage(refused)).toMatch(/project is not active/i);
      expect(await tenantSnapshot(server, orgId)).toEqual(before);

      await server.sql(`UPDATE stages SET status = 'IN_PROGRESS' WHERE id = $1`, [uuidOf(stage.id)]);
      const notCompleted = await server.gql(COMPLETE, { input: { id: stage.id } }, org.as);
      expect(errorCode(notCompleted)).toBe('INVALID_TRANSITION');
      expect(errorMessage(notCompleted)).toMatch(/project is not active/i);
      // Planning, blocking and cancelling go on.
      dataOf(await server.gql(BLOCK, { input: { id: stage.id, reason: 'On hold' } }, org.as));
      dataOf(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 2, title: 'Renamed' } }, org.as));
      dataOf(await server.gql(CANCEL, { id: stage.id }, org.as));
    }
  });

  it('allows no stage writes at all on a COMPLETED or CANCELLED project', async () => {
    for (const status of ['COMPLETED', 'CANCELLED']) {
      const { org, projectId, orgId } = await setup();
      const a = await addStage(org.as, projectId, { title: 'A' });
      const b = await addStage(org.as, projectId, { title: 'B' });
      const c = await addStage(org.as, projectId, { title: 'C' });
      await server.gql(START, { id: b.id }, org.as);
      await server.gql(START, { id: c.id }, org.as);
      await server.gql(COMPLETE, { input: { id: c.id } }, org.as);
      await setProjectStatus(server, projectId, status);
      const before = await tenantSnapshot(server, orgId);
      const attempts: [string, Record<string, unknown>][] = [
        [ADD, { input: { projectId, title: 'D' } }],
        [UPDATE, { input: { id: a.id, expectedVersion: 1, title: 'A2' } }],
        [MOVE, { input: { id: a.id, position: 1 } }],
        [START, { id: a.id }],
        [BLOCK, { input: { id: a.id, reason: 'r' } }],
        [COMPLETE, { input: { id: b.id } }],
        [CANCEL, { id: a.id }],
        [CELEBRATE, { input: { stageId: c.id, message: 'Late party' } }],
      ];
      for (const [query, variables] of attempts) {
        const response = await server.gql(query, variables, org.as);
        expect([status, errorCode(response), errorMessage(response)]).toEqual([status, 'INVALID_TRANSITION', expect.stringMatching(/not active/)]);
      }
      expect(await tenantSnapshot(server, orgId)).toEqual(before);
    }
  });
});

describe('celebrations', () => {
  it('celebrates DONE stages only, oldest first, with who acknowledged them', async () => {
    const { org, projectId, orgId } = await setup();
    const member = await buildMember(server, org, Role.MEMBER);
    const stage = await addStage(org.as, projectId);
    const before = await tenantSnapshot(server, orgId);
    const early = await server.gql(CELEBRATE, { input: { stageId: stage.id, message: 'Too soon' } }, org.as);
    expect(errorCode(early)).toBe('INVALID_TRANSITION');
    expect(await tenantSnapshot(server, orgId)).toEqual(before);

    await server.gql(START, { id: stage.id }, org.as);
    await server.gql(COMPLETE, { input: { id: stage.id, celebration: 'We did it' } }, org.as);
    const blank = await server.gql(CELEBRATE, { input: { stageId: stage.id, message: ' ' } }, member.as);
    expect([errorCode(blank), errorField(blank)]).toEqual(['BAD_USER_INPUT', 'input.message']);
    const celebrated = dataOf(await server.gql(CELEBRATE, { input: { stageId: stage.id, message: 'Thank you all' } }, member.as)).celebrateStage;
    expect(celebrated).toMatchObject({ message: 'Thank you all', acknowledgedBy: { id: member.id } });

    const read = dataOf(await server.gql(GET, { id: stage.id }, org.as)).stage;
    expect(read.celebrations.map((c: any) => [c.message, c.acknowledgedBy.id])).toEqual([
      ['We did it', org.owner.id],
      ['Thank you all', member.id],
    ]);
    const [event] = (await activityRows(server, orgId)).filter((e: any) => e.type === 'STAGE_CELEBRATED');
    expect(event).toMatchObject({
      entity_type: 'Stage',
      entity_id: uuidOf(stage.id),
      project_id: uuidOf(projectId),
      data: { stageId: uuidOf(stage.id), celebrationId: uuidOf(celebrated.id) },
    });
    expect(errorCode(await server.gql(CELEBRATE, { input: { stageId: projectId, message: 'x' } }, org.as))).toBe('NOT_FOUND');
  });
});

describe('roles', () => {
  it('lets observers read but not write; members write', async () => {
    const { org, projectId, orgId } = await setup();
    const stage = await addStage(org.as, projectId);
    await server.gql(START, { id: stage.id }, org.as);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    const before = await tenantSnapshot(server, orgId);
    for (const caller of [observer.as, observerKey.as]) {
      const attempts: [string, Record<string, unknown>][] = [
        [ADD, { input: { projectId, title: 'No' } }],
        [UPDATE, { input: { id: stage.id, expectedVersion: 2, title: 'No' } }],
        [MOVE, { input: { id: stage.id, position: 0 } }],
        [START, { id: stage.id }],
        [BLOCK, { input: { id: stage.id, reason: 'No' } }],
        [COMPLETE, { input: { id: stage.id } }],
        [CANCEL, { id: stage.id }],
        [CELEBRATE, { input: { stageId: stage.id, message: 'No' } }],
      ];
      for (const [query, variables] of attempts) expect(errorCode(await server.gql(query, variables, caller))).toBe('FORBIDDEN');
      expect(dataOf(await server.gql(GET, { id: stage.id }, caller)).stage.id).toBe(stage.id);
    }
    expect(await tenantSnapshot(server, orgId)).toEqual(before);
    expect(errorCode(await server.gql(GET, { id: stage.id }))).toBe('UNAUTHENTICATED');
  });
});

describe('tenancy', () => {
  it("treats another organisation's ids as missing: null, NOT_FOUND, nothing changed", async () => {
    const a = await setup();
    const b = await setup();
    const aPartner = (await buildPartner(server, a.org.as, { name: 'A partner', kind: 'TRADE_UNION' })).id;
    const aStage = await addStage(a.org.as, a.projectId, { title: 'A stage', ownerPartnerId: aPartner });
    await server.gql(START, { id: aStage.id }, a.org.as);
    const aDone = await addStage(a.org.as, a.projectId, { title: 'A done' });
    await server.gql(START, { id: aDone.id }, a.org.as);
    await server.gql(COMPLETE, { input: { id: aDone.id } }, a.org.as);
    const bStage = await addStage(b.org.as, b.projectId, { title: 'B stage' });
    const beforeA = await tenantSnapshot(server, a.orgId);
    const beforeB = await tenantSnapshot(server, b.orgId);

    expect(dataOf(await server.gql(GET, { id: aStage.id }, b.org.as)).stage).toBeNull();
    expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: aStage.id }, b.org.as)).node).toBeNull();
    expect(dataOf(await server.gql(PLAN, { id: a.projectId }, b.org.as)).node).toBeNull();

    const attempts: [string, Record<string, unknown>][] = [
      [ADD, { input: { projectId: a.projectId, title: 'Intrude' } }],
      [ADD, { input: { projectId: b.projectId, title: 'Borrow', ownerPartnerId: aPartner } }],
      [ADD, { input: { projectId: b.projectId, title: 'Borrow', dependsOnStageIds: [aStage.id] } }],
      [UPDATE, { input: { id: aStage.id, expectedVersion: 2, title: 'Mine' } }],
      [UPDATE, { input: { id: bStage.id, expectedVersion: 1, ownerPartnerId: aPartner } }],
      [UPDATE, { input: { id: bStage.id, expectedVersion: 1, dependsOnStageIds: [aDone.id] } }],
      [MOVE, { input: { id: aStage.id, position: 0 } }],
      [START, { id: aStage.id }],
      [BLOCK, { input: { id: aStage.id, reason: 'Sabotage' } }],
      [COMPLETE, { input: { id: aStage.id } }],
      [CANCEL, { id: aStage.id }],
      [CELEBRATE, { input: { stageId: aDone.id, message: 'Not yours' } }],
    ];
    for (const [query, variables] of attempts) {
      const response = await server.gql(query, variables, b.org.as);
      expect([JSON.stringify(variables), errorCode(response)]).toEqual([JSON.stringify(variables), 'NOT_FOUND']);
    }
    expect(await tenantSnapshot(server, a.orgId)).toEqual(beforeA);
    expect(await tenantSnapshot(server, b.orgId)).toEqual(beforeB);
  });
});
