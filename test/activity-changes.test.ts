import { Role } from '../src/auth/role';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildRepresentative, buildSpokesperson, buildStage } from './support/factories';
import { dataOf, useTestServer } from './support/harness';

// "The log says what changed": every update, status change, archive, restore and correction
// records each changed field with its old and new value (shared/api.md, ActivityEvent.changes).
const server = useTestServer();

interface Change {
  field: string;
  from: string | null;
  to: string | null;
}

describe('ActivityEvent.changes', () => {
  it('records the old and new value of every field an update changes, ids as global ids', async () => {
    const org = await buildOrganisation(server);
    const gql = async (query: string, variables: Record<string, unknown> = {}) => dataOf(await server.gql(query, variables, org.as));

    const partner = await buildPartner(server, org.as, { name: 'Staff side', kind: 'TRADE_UNION' });
    await gql(`mutation ($input: UpdatePartnerInput!) { updatePartner(input: $input) { id } }`, {
      input: { id: partner.id, expectedVersion: partner.version, name: 'Joint staff side' },
    });
    const member = await buildMember(server, org, Role.MEMBER);
    const representative = await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Pat Steward' });
    const LINK = `mutation ($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id } }`;
    await gql(LINK, { input: { representativeId: representative.id, userId: member.id } });
    await gql(LINK, { input: { representativeId: representative.id, userId: null } });
    await gql(`mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id } }`, { input: { membershipId: member.membershipId, role: 'ADMIN' } });
    const principle = await buildPrinciple(server, org.as, { title: 'Openness' });
    await gql(`mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id } }`, { input: { id: principle.id, title: 'Transparency' } });

    const project = await buildProject(server, org.as, { name: 'Clinic redesign' });
    await gql(`mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { id } }`, {
      input: { id: project.id, expectedVersion: project.version, name: 'Clinic redesign 2027', targetDate: '2027-03-31' },
    });
    const INVOLVE = `mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`;
    await gql(INVOLVE, { input: { projectId: project.id, partnerId: partner.id, role: 'MEMBER' } });
    await gql(INVOLVE, { input: { projectId: project.id, partnerId: partner.id, role: 'LEAD' } });
    await gql(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input: { projectId: project.id, principleIds: [principle.id] } });
    const first = await buildStage(server, org.as, { projectId: project.id, title: 'Listen' });
    const second = await buildStage(server, org.as, { projectId: project.id, title: 'Design' });
    await gql(`mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id } }`, {
      input: { id: second.id, expectedVersion: second.version, title: 'Co-design', assigneeUserId: member.id, ownerPartnerId: partner.id, dependsOnStageIds: [first.id] },
    });
    await gql(`mutation ($input: MoveStageInput!) { moveStage(input: $input) { id } }`, { input: { id: second.id, position: 0 } });

    const active = await buildProject(server, org.as, { name: 'Rota pilot', status: 'ACTIVE' });
    const stage = await buildStage(server, org.as, { projectId: active.id, title: 'Trial rota' });
    await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id });
    await gql(`mutation ($input: BlockStageInput!) { blockStage(input: $input) { id } }`, { input: { id: stage.id, reason: 'Waiting for the rota tool' } });
    await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id });
    await gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stage.id, celebration: 'Done together' } });
    await gql(`mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id } }`, { input: { id: active.id, status: 'ON_HOLD' } });

    await buildSpokesperson(server, org, partner.id);
    const challenge = (
      await gql(`mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`, {
        input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description: 'Rotas changed without consultation' },
      })
    ).raiseChallenge;
    await gql(`mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id } }`, { input: { id: challenge.id, resolution: 'Rotas consulted on' } });

    const invitation = (await gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`, { input: { email: 'later@example.org', role: 'MEMBER' } }))
      .inviteMember;
    await gql(`mutation ($id: ID!) { revokeInvitation(id: $id) { id } }`, { id: invitation.id });
    const key = await buildApiKey(server, org);
    await gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.id });

    const log: { type: string; entityId: string; changes: Change[] }[] = [];
    for (let after: string | null = null; ;) {
      const page: any = (
        await gql(`query ($after: String) { activity(first: 100, after: $after) { nodes { type entityId changes { field from to } } pageInfo { hasNextPage endCursor } } }`, {
          after,
        })
      ).activity;
      log.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const changesOf = (type: string, entityId?: string) =>
      log.filter((event) => event.type === type && (entityId === undefined || event.entityId === entityId)).map((event) => event.changes);

    expect(changesOf('PARTNER_UPDATED')).toEqual([[{ field: 'name', from: 'Staff side', to: 'Joint staff side' }]]);
    expect(changesOf('REPRESENTATIVE_LINKED', representative.id)).toEqual([[{ field: 'userId', from: null, to: member.id }]]);
    expect(changesOf('REPRESENTATIVE_UNLINKED', representative.id)).toEqual([[{ field: 'userId', from: member.id, to: null }]]);
    expect(changesOf('MEMBER_ROLE_CHANGED')).toEqual([[{ field: 'role', from: 'MEMBER', to: 'ADMIN' }]]);
    expect(changesOf('PRINCIPLE_UPDATED')).toEqual([[{ field: 'title', from: 'Openness', to: 'Transparency' }]]);
    expect(changesOf('PROJECT_UPDATED')).toEqual([
      [
        { field: 'name', from: 'Clinic redesign', to: 'Clinic redesign 2027' },
        { field: 'targetDate', from: null, to: '2027-03-31' },
      ],
    ]);
    expect(changesOf('PARTNER_INVOLVED')).toEqual([[], [{ field: 'role', from: 'MEMBER', to: 'LEAD' }]]);
    expect(changesOf('PROJECT_PRINCIPLES_SET')).toEqual([[{ field: 'principleIds', from: '[]', to: JSON.stringify([principle.id]) }]]);
    expect(changesOf('STAGE_UPDATED', second.id)).toEqual([
      [
        { field: 'assigneeUserId', from: null, to: member.id },
        { field: 'dependsOnStageIds', from: '[]', to: JSON.stringify([first.id]) },
        { field: 'ownerPartnerId', from: null, to: partner.id },
        { field: 'title', from: 'Design', to: 'Co-design' },
      ],
    ]);
    expect(changesOf('STAGE_MOVED', second.id)).toEqual([[{ field: 'position', from: '1', to: '0' }]]);
    expect(changesOf('STAGE_STARTED', stage.id).map((changes) => changes.find((change) => change.field === 'status'))).toEqual([
      { field: 'status', from: 'NOT_STARTED', to: 'IN_PROGRESS' },
      { field: 'status', from: 'BLOCKED', to: 'IN_PROGRESS' },
    ]);
    expect(changesOf('STAGE_BLOCKED', stage.id)).toEqual([
      [
        { field: 'blockedReason', from: null, to: 'Waiting for the rota tool' },
        { field: 'status', from: 'IN_PROGRESS', to: 'BLOCKED' },
      ],
    ]);
    const completed = changesOf('STAGE_COMPLETED', stage.id)[0]!;
    expect(completed).toEqual(
      expect.arrayContaining([
        { field: 'completedAt', from: null, to: expect.any(String) },
        { field: 'completedByUserId', from: null, to: org.owner.id },
        { field: 'status', from: 'IN_PROGRESS', to: 'DONE' },
      ]),
    );
    expect(changesOf('PROJECT_STATUS_CHANGED', active.id)).toEqual([[{ field: 'status', from: 'ACTIVE', to: 'ON_HOLD' }]]);
    expect(changesOf('CHALLENGE_RESOLVED')).toEqual([
      [
        { field: 'resolution', from: null, to: 'Rotas consulted on' },
        { field: 'status', from: 'OPEN', to: 'RESOLVED' },
      ],
    ]);
    expect(changesOf('INVITATION_REVOKED')).toEqual([[{ field: 'status', from: 'PENDING', to: 'REVOKED' }]]);
    expect(changesOf('API_KEY_REVOKED')).toEqual([[{ field: 'revokedAt', from: null, to: expect.any(String) }]]);
  });
});
