import { RequestDb } from '../src/db/request-db';
import { Role } from '../src/auth/role';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, buildStage, buildUser, joinOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller, type GraphQLResponse } from './support/harness';
import { missingId, uuidOf } from './support/ids';

const server = useTestServer();

const NODE = `query ($id: ID!) { node(id: $id) { id ... on User { name email } } }`;
const NODE_NAME = `query ($id: ID!) { node(id: $id) { id ... on User { name } } }`;
const MEMBERS = `{ organisation { members { user { id name email } } } }`;
const MEMBER_NAMES = `{ organisation { members { user { id name } } } }`;

/** What a client sees of a response: its data and errors (not the cost and rate-limit extensions). */
const seen = (response: GraphQLResponse) => ({ status: response.status, data: response.body.data, errors: response.body.errors });

describe('users are visible only to the organisations they belong to (catalogue 57)', () => {
  it("answers another organisation's user id in node(id:) exactly as an id that does not exist", async () => {
    const a = await buildOrganisation(server);
    const aMember = await buildMember(server, a, Role.MEMBER);
    const b = await buildOrganisation(server);
    const callers: Caller[] = [b.as, (await buildApiKey(server, b, Role.OBSERVER)).as, (await buildApiKey(server, b, Role.ADMIN)).as];
    for (const caller of callers) {
      for (const id of [a.owner.id, aMember.id]) {
        const foreign = await server.gql(NODE, { id }, caller);
        const missing = await server.gql(NODE, { id: missingId('User') }, caller);
        expect(seen(foreign)).toEqual(seen(missing));
        expect(dataOf(foreign).node).toBeNull();
      }
    }
    // Inside A the same ids resolve, for a member and for A's own OBSERVER key (names only).
    expect(dataOf(await server.gql(NODE, { id: aMember.id }, a.as)).node).toEqual({ id: aMember.id, name: aMember.name, email: aMember.email });
    const aScreen = await buildApiKey(server, a, Role.OBSERVER);
    expect(dataOf(await server.gql(NODE_NAME, { id: aMember.id }, aScreen.as)).node).toEqual({ id: aMember.id, name: aMember.name });
  });

  it('shows a user to each organisation they belong to, and to none they have left', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const both = await buildMember(server, a, Role.MEMBER);
    const inB = { id: await joinOrganisation(server, b, both, Role.MEMBER) };
    for (const org of [a, b]) expect(dataOf(await server.gql(NODE, { id: both.id }, org.as)).node).toMatchObject({ id: both.id, email: both.email });

    // The removal still answers with whom it removed (Membership.user is non-null), read before.
    const removed = dataOf(
      await server.gql(`mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id user { id name } } }`, { input: { membershipId: inB.id } }, b.as),
    );
    expect(removed.removeMember).toEqual({ id: inB.id, user: { id: both.id, name: both.name } });
    expect(seen(await server.gql(NODE, { id: both.id }, b.as))).toEqual(seen(await server.gql(NODE, { id: missingId('User') }, b.as)));
    expect(dataOf(await server.gql(NODE, { id: both.id }, a.as)).node).toMatchObject({ id: both.id });
  });

  it('hides a former member behind every path that returns a user (completedBy, acknowledgedBy, node), while the activity log still names them', async () => {
    const org = await buildOrganisation(server);
    const leaver = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    const partner = await buildPartner(server, org.as);
    const stage = await buildStage(server, leaver.as, { projectId: project.id, ownerPartnerId: partner.id });
    dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stage.id }, leaver.as));
    dataOf(await server.gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stage.id, celebration: 'Done!' } }, leaver.as));

    const STAGE = `query ($id: ID!) { stage(id: $id) { owner { name } completedBy { id name } celebrations { message acknowledgedBy { id name } } } }`;
    const ACTORS = `{ activity(first: 100) { nodes { type actor } } }`;
    const before = dataOf(await server.gql(STAGE, { id: stage.id }, org.as)).stage;
    expect(before).toEqual({
      owner: { name: partner.name },
      completedBy: { id: leaver.id, name: leaver.name },
      celebrations: [{ message: 'Done!', acknowledgedBy: { id: leaver.id, name: leaver.name } }],
    });
    expect(dataOf(await server.gql(ACTORS, {}, org.as)).activity.nodes.map((n: any) => n.actor)).toContain(leaver.name);

    dataOf(await server.gql(`mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id } }`, { input: { membershipId: leaver.membershipId } }, leaver.as));

    const after = dataOf(await server.gql(STAGE, { id: stage.id }, org.as)).stage;
    expect(after).toEqual({ owner: { name: partner.name }, completedBy: null, celebrations: [{ message: 'Done!', acknowledgedBy: null }] });
    // The log still names who did what, as they were named then: an audit trail keeps its actors,
    // though their account (id, email, current name) is no longer the organisation's to read.
    const actors = dataOf(await server.gql(ACTORS, {}, org.as)).activity.nodes.map((n: any) => n.actor);
    expect(actors.filter((actor: string) => actor === leaver.name).length).toBeGreaterThanOrEqual(3);
    expect(dataOf(await server.gql(NODE, { id: leaver.id }, org.as)).node).toBeNull();
    // The rows still say who did it: only what the organisation may read of that person changed.
    const [row] = await server.sql('SELECT completed_by_user_id FROM stages WHERE id = $1', [stage.uuid]);
    expect(row.completed_by_user_id).toBe(uuidOf(leaver.id));
  });

  it('always shows a user themselves through viewer, in and outside an organisation', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const VIEWER = `{ viewer { user { id name email } organisations { role user { id email } } } }`;
    for (const caller of [{ token: observer.token }, observer.as]) {
      expect(dataOf(await server.gql(VIEWER, {}, caller)).viewer).toEqual({
        user: { id: observer.id, name: observer.name, email: observer.email },
        organisations: [{ role: 'OBSERVER', user: { id: observer.id, email: observer.email } }],
      });
    }
    const loner = await buildUser(server);
    expect(dataOf(await server.gql(VIEWER, {}, { token: loner.token })).viewer.user).toEqual({ id: loner.id, name: loner.name, email: loner.email });
  });

  it('lets a request without an organisation see no account but its own, and one organisation only its members (white box)', async () => {
    const a = await buildOrganisation(server);
    const aMember = await buildMember(server, a, Role.OBSERVER);
    await buildOrganisation(server);
    const visible = async (scope: { organisationId?: string; userId?: string }) => {
      const db = new RequestDb(server.dataSource, scope);
      try {
        return (await db.query<{ id: string }>('every visible user', 'SELECT id FROM users ORDER BY id')).map((row) => row.id);
      } finally {
        await db.finish(false);
      }
    };
    expect(await visible({})).toEqual([]);
    expect(await visible({ userId: uuidOf(aMember.id) })).toEqual([uuidOf(aMember.id)]);
    expect(await visible({ organisationId: a.uuid })).toEqual([uuidOf(a.owner.id), uuidOf(aMember.id)].sort());
    const [users] = await server.sql<{ rls: boolean; forced: boolean }>(
      `SELECT relrowsecurity AS rls, relforcerowsecurity AS forced FROM pg_class WHERE oid = 'public.users'::regclass`,
    );
    expect(users).toEqual({ rls: true, forced: true });
  });
});

describe('OBSERVER callers never see emails (catalogue 57)', () => {
  it("refuses members' emails to an OBSERVER key and an OBSERVER user, and shows their names", async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const screen = await buildApiKey(server, org, Role.OBSERVER);
    const names = [org.owner, member, observer].map((u) => ({ id: u.id, name: u.name }));

    for (const caller of [screen.as, observer.as]) {
      const refused = await server.gql(MEMBERS, {}, caller);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.body.errors?.[0]?.path?.slice(-1)).toEqual(['email']);
      const text = JSON.stringify(refused.body);
      for (const user of [org.owner, member]) expect(text).not.toContain(user.email);
      expect(errorCode(await server.gql(NODE, { id: member.id }, caller))).toBe('FORBIDDEN');
      expect(dataOf(await server.gql(MEMBER_NAMES, {}, caller)).organisation.members.map((m: any) => m.user)).toEqual(names);
    }
    // Members, admins and keys above OBSERVER see them.
    for (const caller of [member.as, (await buildApiKey(server, org, Role.MEMBER)).as]) {
      expect(dataOf(await server.gql(MEMBERS, {}, caller)).organisation.members.map((m: any) => m.user.email)).toEqual([org.owner.email, member.email, observer.email]);
    }
  });

  it("gives an OBSERVER representatives' names without their emails", async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as);
    const ADD = `mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`;
    dataOf(await server.gql(ADD, { input: { partnerId: partner.id, name: 'Sam Okafor', email: 'sam@example.org' } }, org.as));
    const READ = `query ($id: ID!) { node(id: $id) { ... on Partner { representatives { name email } } } }`;
    expect(dataOf(await server.gql(READ, { id: partner.id }, org.as)).node.representatives).toEqual([{ name: 'Sam Okafor', email: 'sam@example.org' }]);
    const screen = await buildApiKey(server, org, Role.OBSERVER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    for (const caller of [screen.as, observer.as]) {
      const response = await server.gql(READ, { id: partner.id }, caller);
      expect(dataOf(response).node.representatives).toEqual([{ name: 'Sam Okafor', email: null }]);
    }
  });

  it('shows the account a request signs in or up as its email, whatever key the request carries', async () => {
    const org = await buildOrganisation(server);
    const screen = await buildApiKey(server, org, Role.OBSERVER);
    const email = `kiosk-${Date.now()}@example.org`;
    const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { email } } }`;
    const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { user { email } } }`;
    expect(dataOf(await server.gql(SIGN_UP, { input: { email, name: 'Kim', password: 'correct horse battery' } }, screen.as)).signUp.user.email).toBe(email);
    expect(dataOf(await server.gql(LOG_IN, { input: { email, password: 'correct horse battery' } }, screen.as)).logIn.user.email).toBe(email);
  });
});
