import { Role } from '../src/auth/role';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, buildUser } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

// People own work: a stage's assignee is a member of the organisation (shared/api.md, "People and
// trustworthy records"); anyone else is NOT_FOUND.

const server = useTestServer();

const STAGE = `id title version assignee { id name }`;
const ADD = `mutation ($input: AddStageInput!) { addStage(input: $input) { ${STAGE} } }`;
const UPDATE = `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { ${STAGE} } }`;
const GET = `query ($id: ID!) { stage(id: $id) { ${STAGE} } }`;

async function addStage(caller: Caller, projectId: string, input: Record<string, unknown> = {}): Promise<any> {
  return dataOf(await server.gql(ADD, { input: { projectId, title: 'A stage', ...input } }, caller)).addStage;
}

async function assigneeColumn(stageId: string): Promise<string | null> {
  const [row] = await server.sql('SELECT assignee_user_id FROM stages WHERE id = $1', [uuidOf(stageId)]);
  return row.assignee_user_id;
}

describe('stage assignees', () => {
  it('assigns a member on add and on update, keeps it when omitted, clears it with null, and logs the change', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const project = await buildProject(server, org.as);

    const stage = await addStage(member.as, project.id, { title: 'Consult staff', assigneeUserId: member.id });
    expect(stage).toMatchObject({ title: 'Consult staff', version: 1, assignee: { id: member.id, name: member.name } });
    expect(await assigneeColumn(stage.id)).toBe(uuidOf(member.id));
    expect(await addStage(org.as, project.id, { assigneeUserId: null })).toMatchObject({ assignee: null });

    // Any member may own work, whatever their role (the owner, an observer).
    const toOwner = dataOf(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 1, assigneeUserId: org.owner.id } }, member.as)).updateStage;
    expect(toOwner).toMatchObject({ version: 2, assignee: { id: org.owner.id, name: org.owner.name } });
    const toObserver = dataOf(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 2, assigneeUserId: observer.id } }, org.as)).updateStage;
    expect(toObserver.assignee).toEqual({ id: observer.id, name: observer.name });
    const kept = dataOf(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 3, title: 'Consult all staff' } }, org.as)).updateStage;
    expect(kept).toMatchObject({ title: 'Consult all staff', version: 4, assignee: { id: observer.id } });
    const cleared = dataOf(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 4, assigneeUserId: null } }, org.as)).updateStage;
    expect(cleared).toMatchObject({ version: 5, assignee: null });
    expect(await assigneeColumn(stage.id)).toBeNull();

    const updates = (await activityRows(server, org.uuid)).filter((row) => row.type === 'STAGE_UPDATED');
    expect(updates.map((row) => row.data.changed)).toEqual([['assigneeUserId'], ['assigneeUserId'], ['title'], ['assigneeUserId']]);
    expect(dataOf(await server.gql(GET, { id: stage.id }, observer.as)).stage.assignee).toBeNull();
  });

  it('refuses anyone who is not a member as NOT_FOUND, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const other = await buildOrganisation(server);
    const otherMember = await buildMember(server, other, Role.MEMBER);
    const stranger = await buildUser(server);
    const partner = await buildPartner(server, org.as);
    const project = await buildProject(server, org.as);
    const stage = await addStage(org.as, project.id);
    const before = await tenantSnapshot(server, org.uuid);

    for (const assigneeUserId of [other.owner.id, otherMember.id, stranger.id, missingId('User'), partner.id, project.id, uuidOf(org.owner.id), 'nope']) {
      expect(errorCode(await server.gql(ADD, { input: { projectId: project.id, title: 'T', assigneeUserId } }, org.as))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 1, assigneeUserId } }, org.as))).toBe('NOT_FOUND');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    // The database holds the rule too: a stage cannot point at someone who is not a member.
    await expect(server.sql('UPDATE stages SET assignee_user_id = $1 WHERE id = $2', [uuidOf(stranger.id), uuidOf(stage.id)])).rejects.toThrow(/foreign key/);
  });

  it('clears the assignment when the member leaves the organisation', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as);
    const stage = await addStage(org.as, project.id, { assigneeUserId: member.id });
    dataOf(await server.gql(`mutation ($id: ID!) { removeMember(input: { membershipId: $id }) { id } }`, { id: member.membershipId }, org.as));
    expect(await assigneeColumn(stage.id)).toBeNull();
    expect(dataOf(await server.gql(GET, { id: stage.id }, org.as)).stage).toMatchObject({ assignee: null, version: 1 });
    // No longer a member: cannot be assigned again.
    expect(errorCode(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 1, assigneeUserId: member.id } }, org.as))).toBe('NOT_FOUND');
  });

  it('keeps OBSERVERs from assigning', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    const project = await buildProject(server, org.as);
    const stage = await addStage(org.as, project.id);
    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [observer.as, observerKey.as]) {
      expect(errorCode(await server.gql(ADD, { input: { projectId: project.id, title: 'T', assigneeUserId: observer.id } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(UPDATE, { input: { id: stage.id, expectedVersion: 1, assigneeUserId: observer.id } }, caller))).toBe('FORBIDDEN');
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('reads the assignees of a whole plan in the same statements as one stage (no N+1)', async () => {
    const org = await buildOrganisation(server);
    const members = [await buildMember(server, org, Role.MEMBER), await buildMember(server, org, Role.MEMBER)];
    const one = await buildProject(server, org.as, { name: 'One' });
    const many = await buildProject(server, org.as, { name: 'Many' });
    await addStage(org.as, one.id, { assigneeUserId: members[0]!.id });
    for (let i = 0; i < 6; i += 1) await addStage(org.as, many.id, { assigneeUserId: members[i % 2]!.id });
    const PLAN = `query ($id: ID!) { node(id: $id) { ... on Project { stages { id assignee { id name } } } } }`;
    let manyPlan: any;
    const oneCount = await countStatements(async () => dataOf(await server.gql(PLAN, { id: one.id }, org.as)));
    const manyCount = await countStatements(async () => {
      manyPlan = dataOf(await server.gql(PLAN, { id: many.id }, org.as));
    });
    expect(manyPlan.node.stages.map((s: any) => s.assignee.id)).toEqual([0, 1, 0, 1, 0, 1].map((i) => members[i]!.id));
    expect(manyCount).toBe(oneCount);
  });
});

describe('tenancy', () => {
  it("treats A's stages and A's members in B as missing ones, and changes nothing of A", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const aMember = await buildMember(server, a, Role.MEMBER);
    const aProject = await buildProject(server, a.as, { name: 'MARKER-A project' });
    const aStage = await addStage(a.as, aProject.id, { title: 'MARKER-A stage', assigneeUserId: aMember.id });
    const bProject = await buildProject(server, b.as);
    const bStage = await addStage(b.as, bProject.id);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    const bBefore = await tenantSnapshot(server, b.uuid);

    for (const caller of [b.as, bKey.as]) {
      for (const [mutation, input] of [
        [UPDATE, { id: aStage.id, expectedVersion: 1, assigneeUserId: null }],
        [UPDATE, { id: aStage.id, expectedVersion: 1, assigneeUserId: b.owner.id }],
        [UPDATE, { id: bStage.id, expectedVersion: 1, assigneeUserId: aMember.id }],
        [ADD, { projectId: bProject.id, title: 'T', assigneeUserId: aMember.id }],
        [ADD, { projectId: aProject.id, title: 'T', assigneeUserId: b.owner.id }],
      ] as const) {
        const response = await server.gql(mutation, { input }, caller);
        expect(errorCode(response)).toBe('NOT_FOUND');
        expect(JSON.stringify(response.body)).not.toContain('MARKER-A');
        expect(JSON.stringify(response.body)).not.toContain(aMember.name);
      }
      expect(dataOf(await server.gql(GET, { id: aStage.id }, caller)).stage).toBeNull();
      expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: aMember.id }, caller)).node).toBeNull();
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await tenantSnapshot(server, b.uuid)).toEqual(bBefore);
  });
});
