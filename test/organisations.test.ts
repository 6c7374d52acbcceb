import { Role } from '../src/auth/role';
import { errorField, errorMessage } from './support/assertions';
import { tenantSnapshot } from './support/db-state';
import { buildMember, buildOrganisation, buildUser, joinOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';
import { uuidOf } from './support/ids';

const server = useTestServer();

const CREATE = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name members { role user { email } } } }`;
const ADD = `mutation ($input: AddMemberInput!) { addMember(input: $input) { id role user { email } organisation { slug } } }`;
const CHANGE = `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }`;
const REMOVE = `mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id } }`;
const MEMBERS = `{ organisation { slug members { id role user { email } } } }`;

describe('organisations and memberships', () => {
  it('makes the creator OWNER and lists the organisation in viewer', async () => {
    const user = await buildUser(server);
    const slug = `trust-${Date.now()}`;
    const data = dataOf(await server.gql(CREATE, { input: { slug, name: 'Care Trust' } }, { token: user.token }));
    expect(data.createOrganisation).toMatchObject({ slug, name: 'Care Trust', members: [{ role: 'OWNER', user: { email: user.email } }] });
    const viewer = dataOf(await server.gql(`{ viewer { organisations { role organisation { slug } } } }`, {}, { token: user.token }));
    expect(viewer.viewer.organisations).toEqual([{ role: 'OWNER', organisation: { slug } }]);
    // The organisation can be chosen by slug, UUID or global id.
    const [{ id }] = await server.sql('SELECT id FROM organisations WHERE slug = $1', [slug]);
    for (const organisation of [slug, id, data.createOrganisation.id]) {
      const current = dataOf(await server.gql(`{ organisation { slug } }`, {}, { token: user.token, organisation }));
      expect(current.organisation.slug).toBe(slug);
    }
  });

  it('refuses a taken slug with CONFLICT and a malformed one with BAD_USER_INPUT', async () => {
    const org = await buildOrganisation(server);
    const other = await buildUser(server);
    expect(errorCode(await server.gql(CREATE, { input: { slug: org.slug, name: 'Copy' } }, { token: other.token }))).toBe('CONFLICT');
    const bad = await server.gql(CREATE, { input: { slug: 'Not A Slug!', name: 'X' } }, { token: other.token });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(errorField(bad)).toBe('input.slug');
    const [{ count }] = await server.sql('SELECT count(*)::int AS count FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [other.email]);
    expect(count).toBe(0);
  });

  it('lets an API key not create organisations', async () => {
    const org = await buildOrganisation(server);
    const key = dataOf(await server.gql(`mutation { createApiKey(input: { name: "k", role: ADMIN }) { secret } }`, {}, org.as)).createApiKey.secret;
    expect(errorCode(await server.gql(CREATE, { input: { slug: `k-${Date.now()}`, name: 'K' } }, { token: key }))).toBe('FORBIDDEN');
  });

  it('adds members by email with a role once they accept; only admins and owners may ask', async () => {
    const org = await buildOrganisation(server);
    const newcomer = await buildUser(server);
    await joinOrganisation(server, org, newcomer, Role.MEMBER);
    const viewer = dataOf(await server.gql(`{ viewer { organisations { role user { email } organisation { slug } } } }`, {}, { token: newcomer.token })).viewer;
    expect(viewer.organisations).toEqual([{ role: 'MEMBER', user: { email: newcomer.email }, organisation: { slug: org.slug } }]);
    expect(errorCode(await server.gql(ADD, { input: { email: newcomer.email, role: 'MEMBER' } }, org.as))).toBe('CONFLICT');

    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const third = await buildUser(server);
    for (const caller of [member, observer]) {
      expect(errorCode(await server.gql(ADD, { input: { email: third.email, role: 'OBSERVER' } }, caller.as))).toBe('FORBIDDEN');
    }
    const admin = await buildMember(server, org, Role.ADMIN);
    expect(errorCode(await server.gql(ADD, { input: { email: third.email, role: 'OWNER' } }, admin.as))).toBe('FORBIDDEN');
    await joinOrganisation(server, { id: org.id, as: admin.as }, third, Role.OBSERVER);
    // An OBSERVER sees no emails (catalogue 57, test/users-isolation.test.ts): the admin lists them.
    const members = dataOf(await server.gql(MEMBERS, {}, admin.as)).organisation.members;
    expect(members.map((m: any) => m.user.email)).toEqual([org.owner.email, newcomer.email, member.email, observer.email, admin.email, third.email]);
  });

  it('changes roles; admins cannot touch ownership; the last owner cannot be demoted', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const member = await buildMember(server, org, Role.MEMBER);
    const ownerMembership = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members[0].id;

    expect(dataOf(await server.gql(CHANGE, { input: { membershipId: member.membershipId, role: 'OBSERVER' } }, admin.as)).changeMemberRole.role).toBe('OBSERVER');
    expect(errorCode(await server.gql(CHANGE, { input: { membershipId: member.membershipId, role: 'OWNER' } }, admin.as))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(CHANGE, { input: { membershipId: ownerMembership, role: 'MEMBER' } }, admin.as))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(CHANGE, { input: { membershipId: member.membershipId, role: 'ADMIN' } }, member.as))).toBe('FORBIDDEN');

    const lastOwner = await server.gql(CHANGE, { input: { membershipId: ownerMembership, role: 'ADMIN' } }, org.as);
    expect(errorCode(lastOwner)).toBe('CONFLICT');
    const [{ role }] = await server.sql('SELECT role FROM memberships WHERE user_id = $1', [uuidOf(org.owner.id)]);
    expect(role).toBe('OWNER');

    // With a second owner, the first may step down.
    dataOf(await server.gql(CHANGE, { input: { membershipId: admin.membershipId, role: 'OWNER' } }, org.as));
    expect(dataOf(await server.gql(CHANGE, { input: { membershipId: ownerMembership, role: 'ADMIN' } }, org.as)).changeMemberRole.role).toBe('ADMIN');
  });

  it('removes members; members may leave; the last owner cannot be removed', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const member = await buildMember(server, org, Role.MEMBER);
    const leaver = await buildMember(server, org, Role.OBSERVER);
    const ownerMembership = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members[0].id;

    expect(errorCode(await server.gql(REMOVE, { input: { membershipId: admin.membershipId } }, member.as))).toBe('FORBIDDEN');
    dataOf(await server.gql(REMOVE, { input: { membershipId: leaver.membershipId } }, leaver.as));
    dataOf(await server.gql(REMOVE, { input: { membershipId: member.membershipId } }, admin.as));
    expect(errorCode(await server.gql(REMOVE, { input: { membershipId: ownerMembership } }, admin.as))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(REMOVE, { input: { membershipId: ownerMembership } }, org.as))).toBe('CONFLICT');

    // A removed member loses access at once.
    expect(errorCode(await server.gql(MEMBERS, {}, member.as))).toBe('FORBIDDEN');
    const emails = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members.map((m: any) => m.user.email);
    expect(emails).toEqual([org.owner.email, admin.email]);
  });

  it('records membership changes in the activity log', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const activity = dataOf(await server.gql(`{ activity { totalCount nodes { type actor entityType } } }`, {}, org.as)).activity;
    expect(activity.nodes.map((n: any) => n.type)).toEqual(['ORGANISATION_CREATED', 'MEMBER_INVITED', 'INVITATION_ACCEPTED']);
    expect(activity.nodes[1]).toMatchObject({ actor: org.owner.name, entityType: 'Invitation' });
    expect(activity.nodes[2]).toMatchObject({ actor: member.name, entityType: 'Membership' });
    expect(activity.totalCount).toBe(3);
  });
});

describe('one request acts for one organisation (catalogue 63)', () => {
  const orgSlug = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const organisationsWithSlug = (slug: string) => server.sql('SELECT id FROM organisations WHERE slug = $1', [slug]);

  it('refuses createOrganisation in a request that names an organisation, and writes nothing in either', async () => {
    const org = await buildOrganisation(server);
    const before = await tenantSnapshot(server, org.uuid);
    const slug = orgSlug('second');
    const refused = await server.gql(CREATE, { input: { slug, name: 'Second' } }, org.as);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(errorMessage(refused)).toMatch(/without X-Organisation/);
    expect(await organisationsWithSlug(slug)).toEqual([]);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(await server.sql('SELECT 1 FROM memberships WHERE user_id = $1', [uuidOf(org.owner.id)])).toHaveLength(1);
  });

  it('lets nothing after a refused createOrganisation land in either organisation', async () => {
    const org = await buildOrganisation(server);
    const before = await tenantSnapshot(server, org.uuid);
    const slug = orgSlug('elsewhere');
    const response = await server.gql(
      `mutation ($org: CreateOrganisationInput!, $project: CreateProjectInput!) {
        createOrganisation(input: $org) { id }
        createProject(input: $project) { id }
      }`,
      { org: { slug, name: 'Elsewhere' }, project: { name: 'Where does this land?' } },
      org.as,
    );
    // Before, the project landed in the new organisation, authorised by the role held in this one.
    expect(response.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['createOrganisation'], 'FORBIDDEN']]);
    expect(response.body.data).toBeNull();
    expect(await organisationsWithSlug(slug)).toEqual([]);
    expect(await server.sql('SELECT organisation_id FROM projects WHERE name = $1', ['Where does this land?'])).toEqual([]);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('creates at most one organisation per request', async () => {
    const user = await buildUser(server);
    const [first, second] = [orgSlug('first'), orgSlug('second')];
    const response = await server.gql(
      `mutation ($a: CreateOrganisationInput!, $b: CreateOrganisationInput!) { a: createOrganisation(input: $a) { slug } b: createOrganisation(input: $b) { slug } }`,
      { a: { slug: first, name: 'First' }, b: { slug: second, name: 'Second' } },
      { token: user.token },
    );
    // The first is made (and committed); the refused second nulls the response's data, as any
    // refused non-null mutation field does.
    expect(response.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['b'], 'FORBIDDEN']]);
    expect(await organisationsWithSlug(second)).toEqual([]);
    expect(await organisationsWithSlug(first)).toHaveLength(1);
  });
});
