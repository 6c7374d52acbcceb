import { Role } from '../src/auth/role';
import { tenantSnapshot } from './support/db-state';
import {
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildRepresentative,
  buildSpokesperson,
  buildStage,
  involvePartner,
  setProjectPrinciples,
} from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';

const server = useTestServer();

const ARCHIVE = `mutation ($id: ID!) { archive(id: $id) { id ... on Partner { name archivedAt } ... on Principle { archivedAt } ... on Project { archivedAt } ... on Representative { archivedAt } } }`;
const RESTORE = `mutation ($id: ID!) { restore(id: $id) { id ... on Partner { archivedAt } } }`;
const archive = (id: string, caller: Caller) => server.gql(ARCHIVE, { id }, caller);

describe('archive and restore (corrections with history)', () => {
  it('takes a partner out of the lists, keeps it by id and in history, and restores it, logging what changed', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as, { name: 'Retired forum' });
    await buildPartner(server, org.as, { name: 'Staff side' });
    const rep = await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Sam' });

    const archived = dataOf(await archive(partner.id, org.as)).archive;
    expect(archived).toMatchObject({ id: partner.id, name: 'Retired forum', archivedAt: expect.any(String) });
    const lists = dataOf(await server.gql(`{ partners { totalCount nodes { name } } }`, {}, org.as)).partners;
    expect(lists.nodes.map((node: any) => node.name)).toEqual(['Staff side']);
    expect(lists.totalCount).toBe(1);
    // Still readable by id, with its history.
    const byId = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Partner { name archivedAt representatives { name } } } }`, { id: partner.id }, org.as)).node;
    expect(byId).toMatchObject({ name: 'Retired forum', archivedAt: expect.any(String), representatives: [{ name: 'Sam' }] });

    // Archiving a representative takes it out of its partner's list.
    dataOf(await archive(rep.id, org.as));
    const reps = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Partner { representatives { name } } } }`, { id: partner.id }, org.as)).node;
    expect(reps.representatives).toEqual([]);

    expect(dataOf(await server.gql(RESTORE, { id: partner.id }, org.as)).restore.archivedAt).toBeNull();
    const names = dataOf(await server.gql(`{ partners { nodes { name } } }`, {}, org.as)).partners.nodes.map((node: any) => node.name);
    expect(names).toEqual(['Retired forum', 'Staff side']);

    const log = dataOf(await server.gql(`{ activity(first: 50) { nodes { type entityId changes { field from to } } } }`, {}, org.as)).activity.nodes;
    const archivedEvent = log.find((event: any) => event.type === 'RECORD_ARCHIVED' && event.entityId === partner.id);
    expect(archivedEvent.changes).toEqual([{ field: 'archivedAt', from: null, to: expect.any(String) }]);
    const restoredEvent = log.find((event: any) => event.type === 'RECORD_RESTORED' && event.entityId === partner.id);
    expect(restoredEvent.changes).toEqual([{ field: 'archivedAt', from: expect.any(String), to: null }]);
  });

  it('refuses to archive what an ACTIVE project uses (CONFLICT with usedBy), and changes nothing', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as);
    const principle = await buildPrinciple(server, org.as);
    const project = await buildProject(server, org.as);
    await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'LEAD' });
    await setProjectPrinciples(server, org.as, { projectId: project.id, principleIds: [principle.id] });
    await server.sql(`UPDATE projects SET status = 'ACTIVE' WHERE id = $1`, [project.uuid]);
    const before = await tenantSnapshot(server, org.uuid);
    for (const id of [partner.id, principle.id, project.id]) {
      const response = await archive(id, org.as);
      expect(errorCode(response)).toBe('CONFLICT');
      expect(response.body.errors![0]!.extensions!.usedBy).toEqual([project.id]);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it("needs ADMIN for principles, refuses an OBSERVER, and treats another organisation's ids as missing", async () => {
    const org = await buildOrganisation(server);
    const principle = await buildPrinciple(server, org.as);
    const partner = await buildPartner(server, org.as);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    expect(errorCode(await archive(principle.id, member.as))).toBe('FORBIDDEN');
    expect(errorCode(await archive(partner.id, observer.as))).toBe('FORBIDDEN');
    const other = await buildOrganisation(server);
    const before = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await archive(partner.id, other.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(RESTORE, { id: partner.id }, other.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    dataOf(await archive(principle.id, org.as));
  });

  it('refuses a second partner with the same name (trimmed, any case): CONFLICT', async () => {
    const org = await buildOrganisation(server);
    await buildPartner(server, org.as, { name: 'Unison branch' });
    const response = await server.gql(`mutation { createPartner(input: { name: "  unison BRANCH ", kind: TRADE_UNION }) { id } }`, {}, org.as);
    expect(errorCode(response)).toBe('CONFLICT');
    expect(response.body.errors![0]!.message).toBe('A partner named "unison BRANCH" already exists in this organisation');
    // Renaming another partner to it is refused alike.
    const other = await buildPartner(server, org.as, { name: 'Staff side' });
    const rename = await server.gql(
      `mutation ($input: UpdatePartnerInput!) { updatePartner(input: $input) { id } }`,
      { input: { id: other.id, expectedVersion: 1, name: 'UNISON branch' } },
      org.as,
    );
    expect(errorCode(rename)).toBe('CONFLICT');
    expect(rename.body.errors![0]!.message).toMatch(/^A partner named "UNISON branch" already exists/);
    // Another organisation may use the name.
    const elsewhere = await buildOrganisation(server);
    await buildPartner(server, elsewhere.as, { name: 'Unison branch' });
  });
  it('keeps archived records out of new ones: BAD_USER_INPUT on the field that names them, and nothing written', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as);
    const principle = await buildPrinciple(server, org.as);
    const project = await buildProject(server, org.as);
    dataOf(await archive(partner.id, org.as));
    dataOf(await archive(principle.id, org.as));
    const before = await tenantSnapshot(server, org.uuid);
    const involve = await server.gql(
      `mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`,
      { input: { projectId: project.id, partnerId: partner.id, role: 'LEAD' } },
      org.as,
    );
    expect(errorCode(involve)).toBe('BAD_USER_INPUT');
    expect(involve.body.errors![0]!.extensions!.field).toBe('input.partnerId');
    const principles = await server.gql(
      `mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`,
      { input: { projectId: project.id, principleIds: [principle.id] } },
      org.as,
    );
    expect(errorCode(principles)).toBe('BAD_USER_INPUT');
    const representative = await server.gql(
      `mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`,
      { input: { partnerId: partner.id, name: 'Late joiner' } },
      org.as,
    );
    expect(errorCode(representative)).toBe('BAD_USER_INPUT');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    // Restored, it can be used again.
    dataOf(await server.gql(RESTORE, { id: partner.id }, org.as));
    await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'LEAD' });
  });

  it('makes an archived project read-only, with everything it holds, until it is restored', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { name: 'Paused redesign' });
    const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Map the service' });
    const partner = await buildPartner(server, org.as, { name: 'Staff side', kind: 'TRADE_UNION' });
    await buildSpokesperson(server, org, partner.id);
    const principle = await buildPrinciple(server, org.as);
    const evaluation = dataOf(await server.gql(`mutation { createEvaluation(input: { projectId: "${project.id}", title: "Waiting times" }) { id } }`, {}, org.as)).createEvaluation;
    const raise = { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description: 'Not consulted' };
    const RAISE = `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`;
    const challenge = dataOf(await server.gql(RAISE, { input: raise }, org.as)).raiseChallenge;
    dataOf(await archive(project.id, org.as));

    const writes: Array<[string, Record<string, unknown>]> = [
      [`mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { id } }`, { input: { id: project.id, expectedVersion: project.version, name: 'Renamed' } }],
      [`mutation ($id: ID!) { startProject(id: $id) { id } }`, { id: project.id }],
      [`mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id } }`, { input: { id: project.id, status: 'CANCELLED' } }],
      [`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { input: { projectId: project.id, partnerId: partner.id, role: 'MEMBER' } }],
      [`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input: { projectId: project.id, principleIds: [principle.id] } }],
      [`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId: project.id, title: 'One more' } }],
      [`mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id } }`, { input: { id: stage.id, expectedVersion: stage.version, title: 'Renamed' } }],
      [`mutation ($input: MoveStageInput!) { moveStage(input: $input) { id } }`, { input: { id: stage.id, position: 0 } }],
      [`mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`, { input: { projectId: project.id, title: 'Another' } }],
      [
        `mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`,
        { input: { evaluationId: evaluation.id, name: 'Weeks waited', baseline: 12, target: 6, direction: 'LOWER_IS_BETTER' } },
      ],
      [RAISE, { input: raise }],
      [`mutation ($id: ID!) { withdrawChallenge(id: $id) { id } }`, { id: challenge.id }],
    ];
    const before = await tenantSnapshot(server, org.uuid);
    for (const [mutation, variables] of writes) {
      const refused = await server.gql(mutation, variables, org.as);
      expect([mutation.slice(0, 60), errorCode(refused), refused.body.errors?.[0]?.extensions?.archived]).toEqual([mutation.slice(0, 60), 'INVALID_TRANSITION', true]);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    dataOf(await server.gql(RESTORE, { id: project.id }, org.as));
    for (const [mutation, variables] of writes.slice(3)) dataOf(await server.gql(mutation, variables, org.as));
  });
});
