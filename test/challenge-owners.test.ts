import { Role } from '../src/auth/role';
import { tenantSnapshot } from './support/db-state';
import { buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, buildUser } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

// People own work: an OPEN challenge can be taken on (an owner, a due date) after it is raised.
const server = useTestServer();

const UPDATE = `mutation ($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id owner { id } dueDate isOverdue } }`;

describe('updateChallenge', () => {
  it('gives an OPEN challenge an owner and a due date, logs the change, and refuses closed challenges, non-members and OBSERVERs, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const gql = async (query: string, variables: Record<string, unknown>) => dataOf(await server.gql(query, variables, org.as));
    const project = await buildProject(server, org.as);
    const partner = await buildPartner(server, org.as, { kind: 'TRADE_UNION' });
    await buildSpokesperson(server, org, partner.id);
    const principle = await buildPrinciple(server, org.as);
    const raise = async () =>
      (
        await gql(`mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`, {
          input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description: 'Not consulted' },
        })
      ).raiseChallenge;
    const challenge = await raise();
    const steward = await buildMember(server, org, Role.MEMBER);

    const taken = (await gql(UPDATE, { input: { id: challenge.id, ownerUserId: steward.id, dueDate: '2026-01-05' } })).updateChallenge;
    expect(taken).toEqual({ id: challenge.id, owner: { id: steward.id }, dueDate: '2026-01-05', isOverdue: true });
    const [event] = (await gql(`{ activity(first: 1, newestFirst: true) { nodes { type summary changes { field from to } } } }`, {})).activity.nodes;
    expect(event).toEqual({
      type: 'CHALLENGE_UPDATED',
      summary: expect.stringContaining(`is now owned by ${steward.name}`),
      changes: [
        { field: 'dueDate', from: null, to: '2026-01-05' },
        { field: 'ownerUserId', from: null, to: steward.id },
      ],
    });
    // Left out stays; null clears.
    expect((await gql(UPDATE, { input: { id: challenge.id, dueDate: null } })).updateChallenge).toEqual({
      id: challenge.id,
      owner: { id: steward.id },
      dueDate: null,
      isOverdue: false,
    });

    const stranger = await buildUser(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const afterMembers = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await server.gql(UPDATE, { input: { id: challenge.id, ownerUserId: stranger.id } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(UPDATE, { input: { id: challenge.id, ownerUserId: steward.id } }, observer.as))).toBe('FORBIDDEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(afterMembers);
    await gql(`mutation ($id: ID!) { withdrawChallenge(id: $id) { id } }`, { id: challenge.id });
    const closed = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await server.gql(UPDATE, { input: { id: challenge.id, ownerUserId: null } }, org.as))).toBe('INVALID_TRANSITION');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(closed);
  });
});
