import { Role } from '../src/auth/role';
import { errorMessage } from './support/assertions';
import { tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildUser, joinOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

const server = useTestServer();

const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id role } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const ADD_MEMBER = `mutation ($input: AddMemberInput!) { addMember(input: $input) { id role } }`;
const CHANGE_ROLE = `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }`;
const REMOVE_MEMBER = `mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id } }`;

/** An organisation with a member, another key and an account that is not a member yet. */
async function setup() {
  const org = await buildOrganisation(server);
  const member = await buildMember(server, org, Role.MEMBER);
  const otherKey = await buildApiKey(server, org, Role.OBSERVER);
  const outsider = await buildUser(server);
  return { org, member, otherKey, outsider };
}

describe('API keys cannot create credentials, add members or change roles (catalogue 61)', () => {
  it.each([Role.ADMIN, Role.MEMBER, Role.OBSERVER])('refuses every credential and membership mutation to an %s key, and changes nothing', async (role) => {
    const { org, member, otherKey, outsider } = await setup();
    const key = await buildApiKey(server, org, role);
    const before = await tenantSnapshot(server, org.uuid);
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_KEY, { input: { name: 'minted', role: 'ADMIN' } }],
      [CREATE_KEY, { input: { name: 'screen' } }],
      [REVOKE_KEY, { id: otherKey.id }],
      [REVOKE_KEY, { id: key.id }],
      [ADD_MEMBER, { input: { email: outsider.email, role: 'ADMIN' } }],
      [ADD_MEMBER, { input: { email: outsider.email, role: 'OBSERVER' } }],
      [CHANGE_ROLE, { input: { membershipId: member.membershipId, role: 'ADMIN' } }],
      [CHANGE_ROLE, { input: { membershipId: member.membershipId, role: 'OBSERVER' } }],
      [REMOVE_MEMBER, { input: { membershipId: member.membershipId } }],
    ];
    for (const [mutation, variables] of attempts) {
      const response = await server.gql(mutation, variables, key.as);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(errorMessage(response)).toMatch(/needs a signed-in user: API keys cannot/);
    }
    // Nothing was written: no key, no membership, no role change, no revocation, no event.
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    // The key itself and the other key still work.
    for (const caller of [key.as, otherKey.as]) dataOf(await server.gql(`{ viewer { apiKey { id } } }`, {}, caller));
  });

  it('still lets an ADMIN user do all of it, so the refusal is about the credential, not the role', async () => {
    const { org, member, otherKey, outsider } = await setup();
    const admin = await buildMember(server, org, Role.ADMIN);
    const created = dataOf(await server.gql(CREATE_KEY, { input: { name: 'screen', role: 'MEMBER' } }, admin.as)).createApiKey;
    expect(created.apiKey.role).toBe('MEMBER');
    dataOf(await server.gql(REVOKE_KEY, { id: otherKey.id }, admin.as));
    expect(errorCode(await server.gql(ADD_MEMBER, { input: { email: outsider.email, role: 'MEMBER' } }, admin.as))).toBe('INVITATION_SENT');
    const added = { id: await joinOrganisation(server, { id: org.id, as: admin.as }, outsider, Role.MEMBER) };
    expect(dataOf(await server.gql(CHANGE_ROLE, { input: { membershipId: added.id, role: 'OBSERVER' } }, admin.as)).changeMemberRole.role).toBe('OBSERVER');
    dataOf(await server.gql(REMOVE_MEMBER, { input: { membershipId: member.membershipId } }, admin.as));
  });

  it('leaves an ADMIN key no way to outlive its own revocation', async () => {
    const org = await buildOrganisation(server);
    const leaked = await buildApiKey(server, org, Role.ADMIN);
    const minted = await server.gql(CREATE_KEY, { input: { name: 'backdoor', role: 'ADMIN' } }, leaked.as);
    expect(errorCode(minted)).toBe('FORBIDDEN');
    expect(minted.body.data).toBeNull();
    dataOf(await server.gql(REVOKE_KEY, { id: leaked.id }, org.as));
    const keys = await server.sql<{ name: string; revoked: boolean }>('SELECT name, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE organisation_id = $1', [org.uuid]);
    expect(keys).toEqual([{ name: expect.stringMatching(/^key /), revoked: true }]);
  });
});
