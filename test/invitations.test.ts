import { createHash, randomBytes } from 'node:crypto';
import { Role } from '../src/auth/role';
import { toGlobalId } from '../src/common/global-id';
import { ConfigError, loadConfig } from '../src/config';
import { errorExtensions, errorField, errorMessage } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildUser, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller, type TestServer } from './support/harness';
import { missingId, uuidOf } from './support/ids';
import { tokenOf, useMailbox } from './support/mailbox';

// Invitations by real mail (issue #15): an in-process SMTP server receives what the server sends,
// and the tests follow the links in those mails.

const mailbox = useMailbox();
const server = useTestServer({ env: mailbox.env });
/** No SMTP_URL: mails go to the log. Small per-address and per-email budgets, X-Forwarded-For believed. */
const logged = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '6', LOGIN_FAILURES_PER_EMAIL: '3', TRUST_PROXY_HOPS: '1' } });

const INVITE = `mutation ($input: InviteMemberInput!) {
  inviteMember(input: $input) { id email role status link createdAt expiresAt invitedBy { name } representative { id name } }
}`;
const ACCEPT = `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id email name } } }`;
const REVOKE = `mutation ($id: ID!) { revokeInvitation(id: $id) { id status } }`;
const INVITATIONS = `query ($status: InvitationStatus) { organisation { invitations(status: $status) { id email status } } }`;
const ROLE_IN = `{ viewer { organisations { role organisation { slug } } } }`;

const uniqueEmail = (label = 'invitee') => `${label}-${randomBytes(5).toString('hex')}@example.org`;
const PASSWORD = 'lantern meadow copper seven';

async function representativeOf(s: TestServer, org: TestOrganisation, name = 'Pat Steward') {
  const partner = await buildPartner(s, org.as, { name: `Unison branch ${randomBytes(3).toString('hex')}`, kind: 'TRADE_UNION' });
  const created = dataOf(
    await s.gql(`mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }`, { input: { partnerId: partner.id, name } }, org.as),
  ).addRepresentative;
  return { partner, representative: created as { id: string; name: string } };
}

async function invite(s: TestServer, caller: Caller, email: string, role = 'MEMBER', representativeId?: string) {
  return dataOf(await s.gql(INVITE, { input: { email, role, representativeId } }, caller)).inviteMember;
}

const memberships = async (s: TestServer, org: TestOrganisation) =>
  (await s.sql<{ n: number }>('SELECT count(*)::int AS n FROM memberships WHERE organisation_id = $1', [org.uuid]))[0]!.n;

describe('inviting by mail', () => {
  it('mails a single-use link that makes a new account a member and links the representative the invitation names', async () => {
    const org = await buildOrganisation(server, { name: 'Northfield Care Trust' });
    const { partner, representative } = await representativeOf(server, org);
    const email = uniqueEmail();
    const invitation = await invite(server, org.as, email.toUpperCase(), 'MEMBER', representative.id);
    expect(invitation).toMatchObject({ email, role: 'MEMBER', status: 'PENDING', invitedBy: { name: org.owner.name }, representative });
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    // The mail: from MAIL_FROM, to the invitee, with the organisation's name, as text and HTML, with the link.
    const mail = await mailbox.next(email);
    expect(mail.envelope.from).toBe('hub@example.org');
    expect(mail.headers.from).toMatch(/^"?Partnership Hub"? <hub@example\.org>$/);
    expect(mail.subject).toContain('Northfield Care Trust');
    expect(mail.text).toContain(`${org.owner.name} has invited you to join Northfield Care Trust`);
    expect(mail.text).toContain(`speak for ${partner.name}`);
    expect(mail.html).toContain('Northfield Care Trust');
    expect(mail.links).toEqual([invitation.link]);
    expect(mail.html).toContain(`href="${invitation.link}"`);
    expect(invitation.link.startsWith(`${mailbox.publicUrl}/#/invitation/phi_`)).toBe(true);

    // Only a SHA-256 of the token's random part is kept; the link is never read back.
    const token = tokenOf(mail.links[0]!, 'invitation');
    const [row] = await server.sql('SELECT * FROM invitations WHERE organisation_id = $1', [org.uuid]);
    expect(JSON.stringify(row)).not.toContain(token.split('_')[3]);
    expect(row.token_hash).toBe(createHash('sha256').update(token.split('_')[3]!).digest('base64url'));
    const listed = dataOf(
      await server.gql(`{ organisation { invitations { id email role status createdAt expiresAt link invitedBy { name } representative { name } } } }`, {}, org.as),
    ).organisation.invitations;
    const { link: _link, ...shown } = invitation;
    expect(listed).toEqual([{ ...shown, link: null, representative: { name: representative.name } }]);

    // Following the link: a new account (name and password required), signed in and a member.
    const accepted = dataOf(await server.gql(ACCEPT, { input: { token, name: 'Robin Newcomer', password: PASSWORD } })).acceptInvitation;
    expect(accepted.user).toMatchObject({ email, name: 'Robin Newcomer' });
    const roles = dataOf(await server.gql(ROLE_IN, {}, { token: accepted.token })).viewer.organisations;
    expect(roles).toEqual([{ role: 'MEMBER', organisation: { slug: org.slug } }]);
    dataOf(await server.gql(`{ organisation { name } }`, {}, { token: accepted.token, organisation: org.slug }));
    dataOf(await server.gql(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email, password: PASSWORD } }));
    const [linked] = await server.sql('SELECT user_id FROM representatives WHERE organisation_id = $1 AND id = $2', [org.uuid, uuidOf(representative.id)]);
    expect(linked.user_id).toBe(uuidOf(accepted.user.id));

    const byStatus = async (status: string) => dataOf(await server.gql(INVITATIONS, { status }, org.as)).organisation.invitations.map((i: any) => i.id);
    expect(await byStatus('ACCEPTED')).toEqual([invitation.id]);
    expect(await byStatus('PENDING')).toEqual([]);
    // The new member is the actor of the event; the log names no email.
    const events = await activityRows(server, org.uuid);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['MEMBER_INVITED', 'INVITATION_ACCEPTED']);
    expect(events.at(-1)).toMatchObject({ entity_type: 'Membership', actor_user_id: uuidOf(accepted.user.id) });
    expect(JSON.stringify(events)).not.toContain(email);

    // Single use: the link again changes nothing.
    const before = await tenantSnapshot(server, org.uuid);
    const again = await server.gql(ACCEPT, { input: { token, name: 'Someone Else', password: PASSWORD } });
    expect(errorCode(again)).toBe('INVALID_TOKEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('adds an existing account: signed in as it, or with its password; never with a wrong one', async () => {
    const org = await buildOrganisation(server, { name: 'Riverside Council' });
    const existing = await buildUser(server);
    await invite(server, org.as, existing.email, 'ADMIN');
    const token = tokenOf((await mailbox.next(existing.email)).links[0]!, 'invitation');
    const count = await memberships(server, org);

    const noPassword = await server.gql(ACCEPT, { input: { token } });
    expect(errorCode(noPassword)).toBe('BAD_USER_INPUT');
    expect(errorField(noPassword)).toBe('input.password');
    expect(errorCode(await server.gql(ACCEPT, { input: { token, password: 'not the password at all' } }))).toBe('UNAUTHENTICATED');
    expect(await memberships(server, org)).toBe(count);

    const accepted = dataOf(await server.gql(ACCEPT, { input: { token, name: 'Ignored Name', password: 'correct horse battery' } })).acceptInvitation;
    expect(accepted.user).toEqual({ id: existing.id, email: existing.email, name: existing.name });
    expect(dataOf(await server.gql(ROLE_IN, {}, { token: accepted.token })).viewer.organisations).toEqual([{ role: 'ADMIN', organisation: { slug: org.slug } }]);
    // Their earlier session goes on: accepting is not a reset.
    dataOf(await server.gql(`{ viewer { user { id } } }`, {}, { token: existing.token }));

    // Signed in as the invited account, no password is needed.
    const other = await buildOrganisation(server, { name: 'Second Trust' });
    await invite(server, other.as, existing.email);
    const second = tokenOf((await mailbox.next(existing.email)).links[0]!, 'invitation');
    dataOf(await server.gql(ACCEPT, { input: { token: second } }, { token: existing.token }));
    expect(await memberships(server, other)).toBe(2);
    // Not with X-Organisation: the token says which organisation.
    const refused = await server.gql(ACCEPT, { input: { token: second } }, { token: existing.token, organisation: org.slug });
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('creates an account only with a name and a password signUp would take', async () => {
    const org = await buildOrganisation(server);
    const email = uniqueEmail('ann.weakling');
    await invite(server, org.as, email);
    const token = tokenOf((await mailbox.next(email)).links[0]!, 'invitation');
    const noName = await server.gql(ACCEPT, { input: { token, password: PASSWORD } });
    expect([errorCode(noName), errorField(noName)]).toEqual(['BAD_USER_INPUT', 'input.name']);
    for (const password of ['short', 'password123', `${email.split('@')[0]}1`]) {
      const weak = await server.gql(ACCEPT, { input: { token, name: 'Ann Weakling', password } });
      expect([errorCode(weak), errorField(weak)]).toEqual(['BAD_USER_INPUT', 'input.password']);
    }
    expect(errorMessage(await server.gql(ACCEPT, { input: { token, name: 'Ann Weakling', password: `${email.split('@')[0]}1` } }))).toMatch(/your name or email/);
    expect(await server.sql('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
    // The token was not used up by the refusals.
    dataOf(await server.gql(ACCEPT, { input: { token, name: 'Ann Weakling', password: PASSWORD } }));
  });

  it('refuses revoked, used, expired, unknown and malformed tokens alike with INVALID_TOKEN, changing nothing', async () => {
    const org = await buildOrganisation(server);
    const [revokedEmail, expiredEmail, usedEmail] = [uniqueEmail('revoked'), uniqueEmail('expired'), uniqueEmail('used')];
    const revoked = await invite(server, org.as, revokedEmail);
    const expired = await invite(server, org.as, expiredEmail);
    await invite(server, org.as, usedEmail);
    const tokens = {
      revoked: tokenOf((await mailbox.next(revokedEmail)).links[0]!, 'invitation'),
      expired: tokenOf((await mailbox.next(expiredEmail)).links[0]!, 'invitation'),
      used: tokenOf((await mailbox.next(usedEmail)).links[0]!, 'invitation'),
    };
    dataOf(await server.gql(ACCEPT, { input: { token: tokens.used, name: 'Used Once', password: PASSWORD } }));
    expect(dataOf(await server.gql(REVOKE, { id: revoked.id }, org.as)).revokeInvitation).toEqual({ id: revoked.id, status: 'REVOKED' });
    await server.sql(`UPDATE invitations SET expires_at = now() - interval '1 second', created_at = created_at - interval '7 days' WHERE organisation_id = $1 AND id = $2`, [
      org.uuid,
      uuidOf(expired.id),
    ]);
    expect(dataOf(await server.gql(INVITATIONS, { status: 'EXPIRED' }, org.as)).organisation.invitations).toEqual([{ id: expired.id, email: expiredEmail, status: 'EXPIRED' }]);

    const [prefix, organisation, invitationPart, secret] = tokens.revoked.split('_') as [string, string, string, string];
    const forged = [
      // Another random part, another invitation id, and nothing like a token at all.
      [prefix, organisation, invitationPart, secret.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))].join('_'),
      [prefix, organisation, uuidOf(missingId('Invitation')).replaceAll('-', ''), secret].join('_'),
      'phi_not_a_token',
      'anything',
    ];
    const before = await tenantSnapshot(server, org.uuid);
    const users = await server.sql('SELECT count(*)::int AS n FROM users');
    for (const token of [tokens.revoked, tokens.expired, tokens.used, ...forged]) {
      const response = await server.gql(ACCEPT, { input: { token, name: 'Late Comer', password: PASSWORD } });
      expect({ token, code: errorCode(response) }).toEqual({ token, code: 'INVALID_TOKEN' });
      expect(response.body.errors?.[0]?.message).toBe(errorMessage(await server.gql(ACCEPT, { input: { token: forged[3] } })));
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(await server.sql('SELECT count(*)::int AS n FROM users')).toEqual(users);
    // An accepted invitation cannot be revoked; revoking twice keeps the first time.
    const accepted = (await server.sql(`SELECT id FROM invitations WHERE organisation_id = $1 AND accepted_at IS NOT NULL`, [org.uuid]))[0];
    expect(errorCode(await server.gql(REVOKE, { id: toGlobalId('Invitation', accepted.id) }, org.as))).toBe('CONFLICT');
    const [first] = await server.sql('SELECT revoked_at FROM invitations WHERE id = $1', [uuidOf(revoked.id)]);
    dataOf(await server.gql(REVOKE, { id: revoked.id }, org.as));
    expect(await server.sql('SELECT revoked_at FROM invitations WHERE id = $1', [uuidOf(revoked.id)])).toEqual([first]);
  });

  it('replaces a pending invitation to the same email: only the newest link works', async () => {
    const org = await buildOrganisation(server);
    const email = uniqueEmail();
    const first = await invite(server, org.as, email);
    const second = await invite(server, org.as, email, 'OBSERVER');
    const [oldToken, newToken] = [tokenOf((await mailbox.next(email)).links[0]!, 'invitation'), tokenOf((await mailbox.next(email)).links[0]!, 'invitation')];
    const all = dataOf(await server.gql(INVITATIONS, {}, org.as)).organisation.invitations;
    expect(all).toEqual([
      { id: second.id, email, status: 'PENDING' },
      { id: first.id, email, status: 'REVOKED' },
    ]);
    expect(errorCode(await server.gql(ACCEPT, { input: { token: oldToken, name: 'Newcomer', password: PASSWORD } }))).toBe('INVALID_TOKEN');
    const accepted = dataOf(await server.gql(ACCEPT, { input: { token: newToken, name: 'Newcomer', password: PASSWORD } })).acceptInvitation;
    expect(dataOf(await server.gql(ROLE_IN, {}, { token: accepted.token })).viewer.organisations[0].role).toBe('OBSERVER');
    // A member is not invited again.
    expect(errorCode(await server.gql(INVITE, { input: { email, role: 'MEMBER' } }, org.as))).toBe('CONFLICT');
  });

  it('lets ADMIN and OWNER users invite and list; an OWNER only from an OWNER; never members, observers or keys', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const key = await buildApiKey(server, org, Role.ADMIN);
    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [member.as, observer.as, key.as]) {
      expect(errorCode(await server.gql(INVITE, { input: { email: uniqueEmail(), role: 'MEMBER' } }, caller))).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(INVITE, { input: { email: uniqueEmail(), role: 'OWNER' } }, admin.as))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(INVITE, { input: { email: 'not an email', role: 'MEMBER' } }, admin.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(INVITE, { input: { email: uniqueEmail(), role: 'MEMBER', representativeId: missingId('Representative') } }, admin.as))).toBe('NOT_FOUND');
    for (const caller of [member.as, observer.as]) expect(errorCode(await server.gql(INVITATIONS, {}, caller))).toBe('FORBIDDEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    const owner = await invite(server, org.as, uniqueEmail(), 'OWNER');
    expect(errorCode(await server.gql(REVOKE, { id: owner.id }, admin.as))).toBe('FORBIDDEN');
    const invited = await invite(server, admin.as, uniqueEmail());
    // An OBSERVER who finds the invitation (its id is in the activity log) sees no email.
    const node = await server.gql(`query ($id: ID!) { node(id: $id) { ... on Invitation { role email } } }`, { id: invited.id }, observer.as);
    expect(errorCode(node)).toBe('FORBIDDEN');
    expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Invitation { role status } } }`, { id: invited.id }, member.as)).node).toEqual({
      role: 'MEMBER',
      status: 'PENDING',
    });
  });

  it("another organisation's admin cannot see, revoke or accept-into these invitations: their ids behave as missing ones", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha MARKER-A' });
    const b = await buildOrganisation(server);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const email = uniqueEmail('marker-a');
    const invitation = await invite(server, a.as, email);
    const token = tokenOf((await mailbox.next(email)).links[0]!, 'invitation');
    const before = await tenantSnapshot(server, a.uuid);

    for (const caller of [b.as, bKey.as]) {
      const missing = await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: missingId('Invitation') }, caller);
      const foreign = await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: invitation.id }, caller);
      expect(dataOf(foreign)).toEqual(dataOf(missing));
      expect(dataOf(foreign).node).toBeNull();
      const listed = dataOf(await server.gql(INVITATIONS, {}, caller)).organisation.invitations;
      expect(JSON.stringify(listed)).not.toContain(email);
    }
    const revokeForeign = await server.gql(REVOKE, { id: invitation.id }, b.as);
    const revokeMissing = await server.gql(REVOKE, { id: missingId('Invitation') }, b.as);
    expect(errorCode(revokeForeign)).toBe('NOT_FOUND');
    expect(revokeForeign.body.errors?.[0]?.message).toBe(revokeMissing.body.errors?.[0]?.message);
    // A's token pointed at B (the organisation it names swapped) finds nothing.
    const swapped = token.replace(/^phi_[0-9a-f]{32}_/, `phi_${b.uuid.replaceAll('-', '')}_`);
    expect(errorCode(await server.gql(ACCEPT, { input: { token: swapped, name: 'Intruder', password: PASSWORD } }))).toBe('INVALID_TOKEN');
    expect(await tenantSnapshot(server, a.uuid)).toEqual(before);
    expect(dataOf(await server.gql(INVITATIONS, { status: 'PENDING' }, a.as)).organisation.invitations).toEqual([{ id: invitation.id, email, status: 'PENDING' }]);
  });

  it('answers addMember alike whether or not the email has an account: an invitation is mailed, and nobody joins without accepting', async () => {
    const org = await buildOrganisation(server, { name: 'Harbour Trust' });
    const existing = await buildUser(server);
    const ghost = uniqueEmail('ghost');
    const ADD = `mutation ($input: AddMemberInput!) { addMember(input: $input) { id role user { name } } }`;
    const answers = [];
    for (const email of [existing.email, ghost]) {
      const response = await server.gql(ADD, { input: { email, role: 'MEMBER' } }, org.as);
      const { invitationId, ...rest } = errorExtensions(response)!;
      expect(invitationId).toEqual(expect.any(String));
      // Nothing in the answer but the invitation's id differs: not the code, message, data or shape.
      answers.push({ body: { ...response.body, errors: [{ ...response.body.errors![0], extensions: rest }] }, status: response.status });
      expect(dataOf(await server.gql(INVITATIONS, { status: 'PENDING' }, org.as)).organisation.invitations).toContainEqual({ id: invitationId, email, status: 'PENDING' });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.body.errors![0]!.extensions!.code).toBe('INVITATION_SENT');
    expect(answers[0]!.body.errors![0]!.message).not.toMatch(/not found/i);
    expect(await memberships(server, org)).toBe(1);

    const [known, unknown] = [await mailbox.next(existing.email), await mailbox.next(ghost)];
    expect(known.subject).toContain('Harbour Trust');
    dataOf(await server.gql(ACCEPT, { input: { token: tokenOf(unknown.links[0]!, 'invitation'), name: 'Ghost Writer', password: PASSWORD } }));
    dataOf(await server.gql(ACCEPT, { input: { token: tokenOf(known.links[0]!, 'invitation') } }, { token: existing.token }));
    expect(await memberships(server, org)).toBe(3);
    // A member's email is CONFLICT, as inviteMember's is: the organisation's own members are no secret to its admins.
    expect(errorCode(await server.gql(ADD, { input: { email: existing.email, role: 'MEMBER' } }, org.as))).toBe('CONFLICT');
  });

  it('sends nothing for a refused invitation, and a mail server that refuses the mail fails no mutation', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const refusedEmail = uniqueEmail('refused');
    expect(errorCode(await server.gql(INVITE, { input: { email: refusedEmail, role: 'MEMBER', representativeId: missingId('Representative') } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(INVITE, { input: { email: member.email, role: 'MEMBER' } }, org.as))).toBe('CONFLICT');

    const bounced = uniqueEmail('bounced');
    mailbox.refuse(bounced);
    const invitation = await invite(server, org.as, bounced);
    expect(invitation.link).toMatch(/\/#\/invitation\/phi_/);
    // The refusal is logged (without the link), and the next mail goes through.
    const deadline = Date.now() + 10_000;
    while (!server.logs.some((line) => line.msg === 'mail could not be sent' && line.mail?.to === bounced) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const failure = server.logs.find((line) => line.msg === 'mail could not be sent' && line.mail?.to === bounced);
    expect(failure).toMatchObject({ level: 50, mail: { kind: 'invitation', to: bounced } });
    expect(JSON.stringify(failure)).not.toContain(tokenOf(invitation.link, 'invitation'));
    const later = uniqueEmail('later');
    await invite(server, org.as, later);
    await mailbox.next(later);
    expect(mailbox.to(refusedEmail)).toEqual([]);
    expect(mailbox.to(member.email)).toHaveLength(1); // only the invitation they joined by
    expect(mailbox.to(bounced)).toEqual([]);
  });
});

describe('without SMTP_URL', () => {
  it('writes the mail to the server log, with the link inviteMember returned, and sends it nowhere', async () => {
    const org = await buildOrganisation(logged, { name: 'Logbook Trust' });
    const email = uniqueEmail('logged');
    const invitation = await invite(logged, org.as, email);
    const deadline = Date.now() + 5_000;
    let line: Record<string, any> | undefined;
    while (!(line = logged.logs.find((l) => l.mail?.to === email)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(line).toMatchObject({ msg: expect.stringMatching(/SMTP_URL is unset/), mail: { kind: 'invitation', subject: expect.stringContaining('Logbook Trust') } });
    expect(line!.mail.text).toContain(invitation.link);
    expect(invitation.link.startsWith('http://127.0.0.1:4000/#/invitation/')).toBe(true);
    expect(mailbox.to(email)).toEqual([]);
  });
});

describe('an invitation that names a representative', () => {
  const ARCHIVE = `mutation ($id: ID!) { archive(id: $id) { id } }`;
  const RESTORE = `mutation ($id: ID!) { restore(id: $id) { id } }`;
  const speaker = async (org: TestOrganisation, representativeId: string) =>
    (await server.sql<{ user_id: string | null }>('SELECT user_id FROM representatives WHERE id = $1', [uuidOf(representativeId)]))[0]!.user_id;

  it('cannot name an archived representative, one of an archived partner, or one that speaks through another member, and writes nothing', async () => {
    const org = await buildOrganisation(server);
    const archived = await representativeOf(server, org, 'Archived Steward');
    dataOf(await server.gql(ARCHIVE, { id: archived.representative.id }, org.as));
    const ofArchivedPartner = await representativeOf(server, org, 'Steward of a past partner');
    dataOf(await server.gql(ARCHIVE, { id: ofArchivedPartner.partner.id }, org.as));
    const taken = await representativeOf(server, org, 'Taken Steward');
    const member = await buildMember(server, org, Role.MEMBER);
    dataOf(
      await server.gql(
        `mutation ($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id } }`,
        { input: { representativeId: taken.representative.id, userId: member.id } },
        org.as,
      ),
    );

    const before = await tenantSnapshot(server, org.uuid);
    for (const { representative } of [archived, ofArchivedPartner]) {
      const refused = await server.gql(INVITE, { input: { email: uniqueEmail(), role: 'MEMBER', representativeId: representative.id } }, org.as);
      expect([errorCode(refused), errorField(refused)]).toEqual(['BAD_USER_INPUT', 'input.representativeId']);
      expect(errorMessage(refused)).toMatch(/archived/);
    }
    const conflict = await server.gql(INVITE, { input: { email: uniqueEmail(), role: 'MEMBER', representativeId: taken.representative.id } }, org.as);
    expect(errorCode(conflict)).toBe('CONFLICT');
    expect(errorMessage(conflict)).toMatch(/another member: unlink/);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('is refused on acceptance, changing nothing, when its representative was archived or linked to someone else since; the same link works once that is put right', async () => {
    const org = await buildOrganisation(server);
    const { representative } = await representativeOf(server, org);
    const email = uniqueEmail();
    const invitation = await invite(server, org.as, email, 'MEMBER', representative.id);
    const token = tokenOf(invitation.link, 'invitation');
    dataOf(await server.gql(ARCHIVE, { id: representative.id }, org.as));

    const before = await tenantSnapshot(server, org.uuid);
    const refused = await server.gql(ACCEPT, { input: { token, name: 'Late Joiner', password: PASSWORD } });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(errorMessage(refused)).toMatch(/was archived: ask the organisation that invited you/);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(await server.sql('SELECT 1 FROM users WHERE email = $1', [email])).toEqual([]);

    // Linked to another member in the meantime: refused too.
    dataOf(await server.gql(RESTORE, { id: representative.id }, org.as));
    const other = await buildMember(server, org, Role.MEMBER);
    dataOf(
      await server.gql(
        `mutation ($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id } }`,
        { input: { representativeId: representative.id, userId: other.id } },
        org.as,
      ),
    );
    const taken = await server.gql(ACCEPT, { input: { token, name: 'Late Joiner', password: PASSWORD } });
    expect(errorCode(taken)).toBe('CONFLICT');
    expect(await speaker(org, representative.id)).toBe(uuidOf(other.id));

    // Put right (unlinked): the same link works, and links.
    dataOf(
      await server.gql(
        `mutation ($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id } }`,
        { input: { representativeId: representative.id, userId: null } },
        org.as,
      ),
    );
    const accepted = dataOf(await server.gql(ACCEPT, { input: { token, name: 'Late Joiner', password: PASSWORD } })).acceptInvitation;
    expect(await speaker(org, representative.id)).toBe(uuidOf(accepted.user.id));
  });
});

describe('acceptInvitation limits (LOGIN_FAILURES_PER_EMAIL=3, AUTH_ATTEMPTS_PER_MINUTE=6, one proxy)', () => {
  const from = (ip: string): Caller => ({ headers: { 'x-forwarded-for': ip } });

  it("counts wrong passwords against the invited email, and attempts against the client's address", async () => {
    const org = await buildOrganisation(logged);
    const existing = await buildUser(logged);
    const invitation = await invite(logged, org.as, existing.email);
    const token = tokenOf(invitation.link, 'invitation');
    for (let i = 0; i < 3; i += 1) {
      expect(errorCode(await logged.gql(ACCEPT, { input: { token, password: `wrong guess ${i}` } }, from(`198.51.100.${10 + i}`)))).toBe('UNAUTHENTICATED');
    }
    // The right password does not help now: the email's budget is spent, from any address.
    const limited = await logged.gql(ACCEPT, { input: { token, password: 'correct horse battery' } }, from('198.51.100.20'));
    expect([limited.status, errorCode(limited)]).toEqual([429, 'RATE_LIMITED']);
    expect(await memberships(logged, org)).toBe(1);

    // Per address: six credential attempts a minute (aliases count), whatever the token.
    const ip = '198.51.100.77';
    for (let i = 0; i < 6; i += 1) expect(errorCode(await logged.gql(ACCEPT, { input: { token: `phi_bad_${i}` } }, from(ip)))).toBe('INVALID_TOKEN');
    const seventh = await logged.gql(ACCEPT, { input: { token: 'phi_bad_7' } }, from(ip));
    expect([seventh.status, errorCode(seventh)]).toEqual([429, 'RATE_LIMITED']);
    expect(errorCode(await logged.gql(ACCEPT, { input: { token: 'phi_bad_8' } }, from('198.51.100.78')))).toBe('INVALID_TOKEN');
  });
});

describe('mail configuration', () => {
  const base = { AUTH_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/unused-data-dir' };

  it('takes smtp:// and smtps:// URLs, a sender and a public URL, and refuses anything else at boot', () => {
    expect(loadConfig(base).mail).toEqual({ smtpUrl: undefined, from: 'Partnership Hub <no-reply@localhost>', publicUrl: 'http://127.0.0.1:4000' });
    const mail = loadConfig({
      ...base,
      SMTP_URL: 'smtps://user:pa%40ss@mail.example.org:465',
      MAIL_FROM: 'Hub <hub@example.org>',
      PUBLIC_URL: 'https://hub.example.org/app/',
    }).mail;
    expect(mail).toEqual({ smtpUrl: 'smtps://user:pa%40ss@mail.example.org:465', from: 'Hub <hub@example.org>', publicUrl: 'https://hub.example.org/app' });
    for (const env of [
      { SMTP_URL: 'http://mail.example.org' },
      { SMTP_URL: 'not a url' },
      { MAIL_FROM: 'nobody' },
      { MAIL_FROM: 'Hub <hub@example.org>\r\nBcc: x@example.org' },
      { PUBLIC_URL: 'ftp://hub.example.org' },
      { PUBLIC_URL: 'https://hub.example.org/?x=1' },
      // In production, mails with SMTP need a public URL: links to this machine's loopback address help no one.
      { NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.org' },
    ]) {
      expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    }
    // A refusal never echoes the SMTP password.
    try {
      loadConfig({ ...base, SMTP_URL: 'http://user:topsecret@mail.example.org' });
    } catch (error) {
      expect(String(error)).not.toContain('topsecret');
    }
  });
});
