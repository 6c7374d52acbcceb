import { Role } from '../src/auth/role';
import { LIST_CAPS } from '../src/limits/list-caps';
import { errorExtensions, errorField } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import {
  buildApiKey,
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildRepresentative,
  buildSpokesperson,
  buildUser,
  joinOrganisation,
  type TestOrganisation,
  involvePartner,
  setProjectPrinciples,
} from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

// Only a partner speaks for itself (api.md, "Who may speak for a partner"): agreements and
// challenges in a partner's name come from a member linked to one of its representatives, or from
// an ADMIN or OWNER on its behalf, naming one and giving evidence. Everyone else, and every API
// key, is NOT_A_REPRESENTATIVE, and nothing is written.

const server = useTestServer();

const LINK = `mutation ($input: LinkRepresentativeInput!) {
  linkRepresentative(input: $input) { id name partner { id name } user { id name } }
}`;
const AGREE = `mutation ($input: RecordAgreementInput!) {
  recordAgreement(input: $input) {
    id signedBy note principleVersion current onBehalf evidence
    representative { id name } recordedBy { id name } partner { id } principle { id }
  }
}`;
const RAISE = `mutation ($input: RaiseChallengeInput!) {
  raiseChallenge(input: $input) {
    id status onBehalf evidence dueDate isOverdue createdAt
    raisedBy { id } raisedByUser { id name } representative { id name } owner { id name }
  }
}`;
const MEMBERS = `{ organisation { members { role user { id } representing { id name partner { name } } } } }`;

const link = (caller: Caller, representativeId: string, userId: string | null) => server.gql(LINK, { input: { representativeId, userId } }, caller);
const agree = (caller: Caller, input: Record<string, unknown>) => server.gql(AGREE, { input: { signedBy: 'As written', ...input } }, caller);
const raise = (caller: Caller, input: Record<string, unknown>) => server.gql(RAISE, { input: { description: 'Rotas changed without consultation', ...input } }, caller);

/** A project with the union and management involved and one principle; a member who speaks for the union, an ADMIN who speaks for nobody. */
async function partnership(org: TestOrganisation) {
  const project = await buildProject(server, org.as);
  const union = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const management = await buildPartner(server, org.as, { name: 'Trust management', kind: 'MANAGEMENT' });
  const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
  for (const partner of [union, management]) {
    await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'MEMBER' });
  }
  await setProjectPrinciples(server, org.as, { projectId: project.id, principleIds: [principle.id] });
  const steward = await buildMember(server, org, Role.MEMBER);
  const unionRep = await buildSpokesperson(server, org, union.id, { user: steward, name: 'Priya Shah' });
  const managementRep = await buildRepresentative(server, org.as, { partnerId: management.id, name: 'Dr Amara Okafor' });
  const admin = await buildMember(server, org, Role.ADMIN);
  return { project, union, management, principle, steward, unionRep, managementRep, admin };
}

describe('linkRepresentative and Membership.representing', () => {
  it('links a representative to a member, shows whom the member speaks for, and unlinks', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as, { name: 'UNISON Health Branch', kind: 'TRADE_UNION' });
    const representative = await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Priya Shah', roleTitle: 'Branch Secretary' });
    const member = await buildMember(server, org, Role.MEMBER);

    const linked = dataOf(await link(org.as, representative.id, member.id)).linkRepresentative;
    expect(linked).toEqual({ id: representative.id, name: 'Priya Shah', partner: { id: partner.id, name: 'UNISON Health Branch' }, user: { id: member.id, name: member.name } });
    expect(await server.sql('SELECT user_id FROM representatives WHERE id = $1', [representative.uuid])).toEqual([{ user_id: uuidOf(member.id) }]);
    const event = (await activityRows(server, org.uuid)).at(-1)!;
    expect(event).toMatchObject({ type: 'REPRESENTATIVE_LINKED', entity_type: 'Representative', entity_id: representative.uuid });
    expect(event.summary).toBe(`Priya Shah (UNISON Health Branch) is now linked to ${member.name}, who speaks for UNISON Health Branch`);
    expect(event.data).toEqual({ partnerId: partner.id, userId: member.id, previousUserId: null, changes: { userId: { from: null, to: member.id } } });

    // Representative is a Node; the member's membership lists whom they speak for.
    const node = dataOf(
      await server.gql(`query ($id: ID!) { node(id: $id) { id ... on Representative { name user { id } partner { name } } } }`, { id: representative.id }, org.as),
    ).node;
    expect(node).toEqual({ id: representative.id, name: 'Priya Shah', user: { id: member.id }, partner: { name: 'UNISON Health Branch' } });
    const members = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members;
    expect(members.find((m: any) => m.user.id === member.id).representing).toEqual([{ id: representative.id, name: 'Priya Shah', partner: { name: 'UNISON Health Branch' } }]);
    expect(members.find((m: any) => m.user.id === org.owner.id).representing).toEqual([]);
    const own = dataOf(await server.gql(`{ viewer { organisations { representing { id } } } }`, {}, member.as)).viewer.organisations;
    expect(own).toEqual([{ representing: [{ id: representative.id }] }]);

    // Linking again to the same member changes and records nothing.
    const before = await tenantSnapshot(server, org.uuid);
    dataOf(await link(org.as, representative.id, member.id));
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // null unlinks.
    const unlinked = dataOf(await link(org.as, representative.id, null)).linkRepresentative;
    expect(unlinked.user).toBeNull();
    expect((await activityRows(server, org.uuid)).at(-1)).toMatchObject({
      type: 'REPRESENTATIVE_UNLINKED',
      summary: 'Priya Shah (UNISON Health Branch) is no longer linked to a member',
      data: { previousUserId: member.id, userId: null },
    });
    const after = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members;
    expect(after.find((m: any) => m.user.id === member.id).representing).toEqual([]);
  });

  it('links only members (NOT_FOUND otherwise), only for ADMINs and OWNERs signed in as themselves, and refuses past the cap, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const other = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as);
    const representative = await buildRepresentative(server, org.as, { partnerId: partner.id });
    const member = await buildMember(server, org, Role.MEMBER);
    const observer = await buildMember(server, org, Role.OBSERVER);
    const stranger = await buildUser(server);
    const key = await buildApiKey(server, org, Role.ADMIN);
    const before = await tenantSnapshot(server, org.uuid);

    for (const userId of [stranger.id, other.owner.id, missingId('User'), 'garbage', partner.id]) {
      expect([userId, errorCode(await link(org.as, representative.id, userId))]).toEqual([userId, 'NOT_FOUND']);
    }
    expect(errorCode(await link(org.as, missingId('Representative'), member.id))).toBe('NOT_FOUND');
    expect(errorCode(await link(org.as, partner.id, member.id))).toBe('NOT_FOUND');
    for (const caller of [member.as, observer.as, key.as]) expect(errorCode(await link(caller, representative.id, member.id))).toBe('FORBIDDEN');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // An ADMIN may link; an OBSERVER may be linked (though an OBSERVER records nothing).
    const admin = await buildMember(server, org, Role.ADMIN);
    expect(dataOf(await link(admin.as, representative.id, observer.id)).linkRepresentative.user).toEqual({ id: observer.id, name: observer.name });

    // At most LIST_CAPS.representedPerMember representatives per member.
    const cap = LIST_CAPS.representedPerMember;
    await server.sql(`INSERT INTO representatives (organisation_id, partner_id, name, user_id) SELECT $1, $2, 'R' || i, $3 FROM generate_series(1, $4::int) i`, [
      org.uuid,
      partner.uuid,
      uuidOf(member.id),
      cap,
    ]);
    const full = await tenantSnapshot(server, org.uuid);
    const refused = await link(org.as, representative.id, member.id);
    expect([errorCode(refused), errorExtensions(refused)?.limit]).toEqual(['LIMIT_REACHED', cap]);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(full);
    // Rows past the cap (written before it) are cut from the list, which is priced at the cap.
    await server.sql(`INSERT INTO representatives (organisation_id, partner_id, name, user_id) VALUES ($1, $2, 'Extra', $3)`, [org.uuid, partner.uuid, uuidOf(member.id)]);
    const members = dataOf(await server.gql(MEMBERS, {}, org.as)).organisation.members;
    expect(members.find((m: any) => m.user.id === member.id).representing).toHaveLength(cap);
  });
});

describe('links follow membership', () => {
  it('refuses to link an archived representative, or one of an archived partner, but unlinks one', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as, { name: 'Carers forum', kind: 'CARERS' });
    const representative = await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Jo Carer' });
    const member = await buildMember(server, org, Role.MEMBER);
    dataOf(await link(org.as, representative.id, member.id));
    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: representative.id }, org.as));
    const other = await buildMember(server, org, Role.MEMBER);

    const before = await tenantSnapshot(server, org.uuid);
    const refused = await link(org.as, representative.id, other.id);
    expect([errorCode(refused), errorField(refused)]).toEqual(['BAD_USER_INPUT', 'input.representativeId']);
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(dataOf(await link(org.as, representative.id, null)).linkRepresentative.user).toBeNull();

    dataOf(await server.gql(`mutation ($id: ID!) { restore(id: $id) { id } }`, { id: representative.id }, org.as));
    dataOf(await server.gql(`mutation ($id: ID!) { archive(id: $id) { id } }`, { id: partner.id }, org.as));
    const ofArchivedPartner = await link(org.as, representative.id, other.id);
    expect([errorCode(ofArchivedPartner), errorField(ofArchivedPartner)]).toEqual(['BAD_USER_INPUT', 'input.representativeId']);
  });

  it('unlinks whoever leaves or is removed, says so in the log, and keeps what they signed', async () => {
    const org = await buildOrganisation(server);
    const world = await partnership(org);
    dataOf(await agree(world.steward.as, { projectId: world.project.id, partnerId: world.union.id, principleIds: [world.principle.id] }));
    const leaving = await buildMember(server, org, Role.MEMBER);
    const spare = await buildRepresentative(server, org.as, { partnerId: world.management.id, name: 'Deputy Director' });
    dataOf(await link(org.as, spare.id, leaving.id));

    const REMOVE = `mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { id } }`;
    dataOf(await server.gql(REMOVE, { input: { membershipId: world.steward.membershipId } }, org.as));
    dataOf(await server.gql(REMOVE, { input: { membershipId: leaving.membershipId } }, leaving.as));
    const links = await server.sql<{ id: string; user_id: string | null }>('SELECT id, user_id FROM representatives WHERE organisation_id = $1 ORDER BY name', [org.uuid]);
    expect(links.every((row) => row.user_id === null)).toBe(true);
    const events = (await activityRows(server, org.uuid)).filter((event) => event.type === 'MEMBER_REMOVED');
    expect(events.map((event) => [event.summary, event.data])).toEqual([
      ['A member was removed, no longer speaking for Priya Shah', { unlinkedRepresentativeIds: [world.unionRep.id] }],
      ['A member left, no longer speaking for Deputy Director', { unlinkedRepresentativeIds: [spare.id] }],
    ]);
    // What the steward signed stays the union's own agreement.
    const agreements = dataOf(await server.gql(`query ($id: ID!) { project(id: $id) { agreements { onBehalf representative { id } } } }`, { id: world.project.id }, org.as)).project
      .agreements;
    expect(agreements).toEqual([{ onBehalf: false, representative: { id: world.unionRep.id } }]);

    // Rejoining does not bring the link back.
    await joinOrganisation(server, org, world.steward, Role.MEMBER);
    expect(dataOf(await server.gql(`{ viewer { organisations { representing { id } } } }`, {}, { token: world.steward.token })).viewer.organisations).toEqual([
      { representing: [] },
    ]);
  });

  it('is held by the database too: a representative can only be linked to a member of its organisation', async () => {
    const org = await buildOrganisation(server);
    const partner = await buildPartner(server, org.as);
    const representative = await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Outside Voice' });
    const outsider = await buildUser(server);
    await expect(server.sql('UPDATE representatives SET user_id = $2 WHERE id = $1', [representative.uuid, uuidOf(outsider.id)])).rejects.toThrow(/representatives_member_fkey/);
  });
});

describe('recordAgreement: only a partner speaks for itself', () => {
  it("records a linked member's agreement as the partner's own: signed by the representative, not on behalf", async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle, steward, unionRep } = await partnership(org);
    const [agreement] = dataOf(await agree(steward.as, { projectId: project.id, partnerId: union.id, signedBy: 'P. Shah', note: 'Agreed at branch meeting' })).recordAgreement;
    expect(agreement).toMatchObject({
      signedBy: 'Priya Shah',
      note: 'Agreed at branch meeting',
      principleVersion: 1,
      current: true,
      onBehalf: false,
      evidence: null,
      representative: { id: unionRep.id, name: 'Priya Shah' },
      recordedBy: { id: steward.id, name: steward.name },
      partner: { id: union.id },
      principle: { id: principle.id },
    });
    const [row] = await server.sql('SELECT signed_by, on_behalf, representative_id, recorded_by_user_id, evidence, principle_version FROM agreements WHERE id = $1', [
      uuidOf(agreement.id),
    ]);
    expect(row).toEqual({
      signed_by: 'Priya Shah',
      on_behalf: false,
      representative_id: unionRep.uuid,
      recorded_by_user_id: uuidOf(steward.id),
      evidence: null,
      principle_version: 1,
    });
    const event = (await activityRows(server, org.uuid)).at(-1)!;
    expect(event).toMatchObject({ type: 'AGREEMENT_RECORDED', actor_user_id: uuidOf(steward.id) });
    expect(event.summary).toBe(`Unison branch agreed 1 principle of ${project.name} (signed by Priya Shah)`);
    expect(event.data).toMatchObject({
      signedBy: 'Priya Shah',
      signedAs: 'P. Shah',
      representativeId: unionRep.id,
      onBehalf: false,
      evidence: null,
      principleVersions: [1],
      replaced: [],
    });

    // Naming their own representative is the same.
    const [named] = dataOf(await agree(steward.as, { projectId: project.id, partnerId: union.id, representativeId: unionRep.id })).recordAgreement;
    expect(named).toMatchObject({ id: agreement.id, onBehalf: false, representative: { id: unionRep.id } });
  });

  it('refuses everyone else with NOT_A_REPRESENTATIVE, and bad evidence or representatives with BAD_USER_INPUT, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const { project, union, management, steward, unionRep, managementRep, admin } = await partnership(org);
    const member = await buildMember(server, org, Role.MEMBER);
    const key = await buildApiKey(server, org, Role.ADMIN);
    const before = await tenantSnapshot(server, org.uuid);
    const base = { projectId: project.id, partnerId: management.id };

    const refusals: [string, Caller, Record<string, unknown>, string, string?][] = [
      ['a member who represents nobody', member.as, base, 'NOT_A_REPRESENTATIVE'],
      ['a member who represents another partner', steward.as, base, 'NOT_A_REPRESENTATIVE'],
      ['a member naming a representative, with evidence', member.as, { ...base, representativeId: managementRep.id, evidence: 'I saw it' }, 'NOT_A_REPRESENTATIVE'],
      ['a member naming their own representative of another partner', steward.as, { ...base, representativeId: unionRep.id }, 'BAD_USER_INPUT', 'input.representativeId'],
      ['an ADMIN who names nobody', admin.as, base, 'NOT_A_REPRESENTATIVE'],
      ['an ADMIN with evidence but no representative', admin.as, { ...base, evidence: 'Signed paper copy' }, 'NOT_A_REPRESENTATIVE'],
      ['an OWNER who names nobody', org.as, base, 'NOT_A_REPRESENTATIVE'],
      ['an ADMIN without evidence', admin.as, { ...base, representativeId: managementRep.id }, 'BAD_USER_INPUT', 'input.evidence'],
      ['an ADMIN with blank evidence', admin.as, { ...base, representativeId: managementRep.id, evidence: '   ' }, 'BAD_USER_INPUT', 'input.evidence'],
      ['an ADMIN naming another partner’s representative', admin.as, { ...base, representativeId: unionRep.id, evidence: 'Signed' }, 'BAD_USER_INPUT', 'input.representativeId'],
      ['an unknown representative', admin.as, { ...base, representativeId: missingId('Representative'), evidence: 'Signed' }, 'NOT_FOUND'],
      ['a partner id as a representative', admin.as, { ...base, representativeId: union.id, evidence: 'Signed' }, 'NOT_FOUND'],
      ['an ADMIN API key', key.as, base, 'NOT_A_REPRESENTATIVE'],
      ['an ADMIN API key on behalf', key.as, { ...base, representativeId: managementRep.id, evidence: 'Signed paper copy' }, 'NOT_A_REPRESENTATIVE'],
    ];
    for (const [who, caller, input, code, field] of refusals) {
      const response = await agree(caller, input);
      expect([who, errorCode(response), errorField(response)]).toEqual([who, code, field]);
      if (code === 'NOT_A_REPRESENTATIVE') expect(errorExtensions(response)?.partnerId).toBe(management.id);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('lets an ADMIN or OWNER record on behalf of a partner, naming its representative and giving evidence, shown as on behalf', async () => {
    const org = await buildOrganisation(server);
    const { project, management, principle, managementRep, admin, union, unionRep } = await partnership(org);
    const [agreement] = dataOf(
      await agree(admin.as, { projectId: project.id, partnerId: management.id, representativeId: managementRep.id, evidence: ' Signed paper copy, partnership forum 3 Dec ' }),
    ).recordAgreement;
    expect(agreement).toMatchObject({
      signedBy: 'Dr Amara Okafor',
      onBehalf: true,
      evidence: 'Signed paper copy, partnership forum 3 Dec',
      representative: { id: managementRep.id, name: 'Dr Amara Okafor' },
      recordedBy: { id: admin.id, name: admin.name },
      principle: { id: principle.id },
      current: true,
    });
    const event = (await activityRows(server, org.uuid)).at(-1)!;
    expect(event.summary).toBe(`Trust management agreed 1 principle of ${project.name} (recorded on its behalf for Dr Amara Okafor, with evidence)`);
    expect(event.data).toMatchObject({ onBehalf: true, evidence: 'Signed paper copy, partnership forum 3 Dec', representativeId: managementRep.id, signedBy: 'Dr Amara Okafor' });
    // The log's API shows it too.
    const activity = dataOf(await server.gql(`{ activity(first: 100) { nodes { type summary } } }`, {}, org.as)).activity.nodes;
    expect(activity.at(-1)).toEqual({ type: 'AGREEMENT_RECORDED', summary: event.summary });

    // The OWNER may too, also for a partner that has a linked representative of its own.
    const [forUnion] = dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id, representativeId: unionRep.id, evidence: 'Branch minutes' })).recordAgreement;
    expect(forUnion).toMatchObject({ onBehalf: true, signedBy: 'Priya Shah', representative: { id: unionRep.id }, recordedBy: { id: org.owner.id }, evidence: 'Branch minutes' });
    const project2 = dataOf(
      await server.gql(
        `query ($id: ID!) { project(id: $id) { agreements { onBehalf evidence representative { name } } missingAgreements { partner { id } } } }`,
        { id: project.id },
        org.as,
      ),
    ).project;
    expect(project2).toEqual({
      agreements: [
        { onBehalf: true, evidence: 'Branch minutes', representative: { name: 'Priya Shah' } },
        { onBehalf: true, evidence: 'Signed paper copy, partnership forum 3 Dec', representative: { name: 'Dr Amara Okafor' } },
      ],
      missingAgreements: [],
    });
  });
});

describe('raiseChallenge: only a partner speaks for itself; people own challenges', () => {
  it("raises a linked member's challenge as the partner's own, owned by a member with a due date", async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle, steward, unionRep, admin } = await partnership(org);
    const challenge = dataOf(
      await raise(steward.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id, ownerUserId: admin.id, dueDate: '2030-01-31' }),
    ).raiseChallenge;
    expect(challenge).toMatchObject({
      status: 'OPEN',
      onBehalf: false,
      evidence: null,
      dueDate: '2030-01-31',
      isOverdue: false,
      raisedBy: { id: union.id },
      raisedByUser: { id: steward.id, name: steward.name },
      representative: { id: unionRep.id, name: 'Priya Shah' },
      owner: { id: admin.id, name: admin.name },
    });
    const [row] = await server.sql('SELECT raised_by_user_id, on_behalf, representative_id, evidence, owner_user_id, due_date::text AS due FROM challenges WHERE id = $1', [
      uuidOf(challenge.id),
    ]);
    expect(row).toEqual({
      raised_by_user_id: uuidOf(steward.id),
      on_behalf: false,
      representative_id: unionRep.uuid,
      evidence: null,
      owner_user_id: uuidOf(admin.id),
      due: '2030-01-31',
    });
    const event = (await activityRows(server, org.uuid)).at(-1)!;
    expect(event.summary).toBe(`Unison branch raised a challenge on ${project.name} (by Priya Shah)`);
    expect(event.data).toMatchObject({ onBehalf: false, representativeId: unionRep.id, ownerUserId: admin.id, dueDate: '2030-01-31' });
  });

  it('raises on behalf only for an ADMIN or OWNER naming a representative with evidence; refuses everyone else and non-member owners, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const other = await buildOrganisation(server);
    const { project, union, management, principle, steward, unionRep, managementRep, admin } = await partnership(org);
    const member = await buildMember(server, org, Role.MEMBER);
    const key = await buildApiKey(server, org, Role.MEMBER);
    const stranger = await buildUser(server);
    const base = { projectId: project.id, raisedByPartnerId: management.id, principleId: principle.id };
    const before = await tenantSnapshot(server, org.uuid);

    const refusals: [string, Caller, Record<string, unknown>, string, string?][] = [
      ['a member who represents nobody', member.as, base, 'NOT_A_REPRESENTATIVE'],
      ['a member who represents another partner', steward.as, base, 'NOT_A_REPRESENTATIVE'],
      ['a member naming a representative', member.as, { ...base, representativeId: managementRep.id, evidence: 'Minutes' }, 'NOT_A_REPRESENTATIVE'],
      ['an ADMIN who names nobody', admin.as, base, 'NOT_A_REPRESENTATIVE'],
      ['an ADMIN without evidence', admin.as, { ...base, representativeId: managementRep.id }, 'BAD_USER_INPUT', 'input.evidence'],
      ['an ADMIN naming another partner’s representative', admin.as, { ...base, representativeId: unionRep.id, evidence: 'Minutes' }, 'BAD_USER_INPUT', 'input.representativeId'],
      ['a MEMBER API key', key.as, base, 'NOT_A_REPRESENTATIVE'],
      ['an owner who is no member', steward.as, { ...base, raisedByPartnerId: union.id, ownerUserId: stranger.id }, 'NOT_FOUND'],
      ['an owner of another organisation', steward.as, { ...base, raisedByPartnerId: union.id, ownerUserId: other.owner.id }, 'NOT_FOUND'],
      ['an owner that is no user', steward.as, { ...base, raisedByPartnerId: union.id, ownerUserId: union.id }, 'NOT_FOUND'],
      ['an unknown representative', admin.as, { ...base, representativeId: missingId('Representative'), evidence: 'Minutes' }, 'NOT_FOUND'],
    ];
    for (const [who, caller, input, code, field] of refusals) {
      const response = await raise(caller, input);
      expect([who, errorCode(response), errorField(response)]).toEqual([who, code, field]);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    const onBehalf = dataOf(await raise(admin.as, { ...base, representativeId: managementRep.id, evidence: 'Minutes of the JNCC, 4 Dec', ownerUserId: steward.id })).raiseChallenge;
    expect(onBehalf).toMatchObject({
      onBehalf: true,
      evidence: 'Minutes of the JNCC, 4 Dec',
      raisedBy: { id: management.id },
      raisedByUser: { id: admin.id },
      representative: { id: managementRep.id },
      owner: { id: steward.id },
    });
    const event = (await activityRows(server, org.uuid)).at(-1)!;
    expect(event.summary).toBe(`Trust management raised a challenge on ${project.name} (recorded on its behalf for Dr Amara Okafor, with evidence)`);
    expect(event.data).toMatchObject({ onBehalf: true, evidence: 'Minutes of the JNCC, 4 Dec' });
  });
});

describe('representatives across organisations', () => {
  it("treats another organisation's representatives and users as missing, and shows a membership's links only in its own organisation", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha' });
    const b = await buildOrganisation(server, { name: 'Beta' });
    const aWorld = await partnership(a);
    const bWorld = await partnership(b);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    const bBefore = await tenantSnapshot(server, b.uuid);

    for (const caller of [b.as, bKey.as]) {
      // Linking is for people: a key is refused before any lookup (catalogue 61).
      const managing = caller === bKey.as ? 'FORBIDDEN' : 'NOT_FOUND';
      expect(errorCode(await link(caller, aWorld.managementRep.id, bWorld.steward.id))).toBe(managing);
      expect(errorCode(await link(caller, bWorld.managementRep.id, aWorld.steward.id))).toBe(managing);
      expect(errorCode(await link(caller, aWorld.unionRep.id, null))).toBe(managing);
      expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: aWorld.unionRep.id }, caller)).node).toBeNull();
      // A's representatives and users named in B's records.
      const bAgree = { projectId: bWorld.project.id, partnerId: bWorld.management.id, evidence: 'Signed' };
      expect(errorCode(await agree(caller, { ...bAgree, representativeId: aWorld.managementRep.id }))).toBe('NOT_FOUND');
      expect(errorCode(await agree(caller, { ...bAgree, partnerId: aWorld.management.id, representativeId: bWorld.managementRep.id }))).toBe('NOT_FOUND');
      const bRaise = { projectId: bWorld.project.id, raisedByPartnerId: bWorld.management.id, principleId: bWorld.principle.id, evidence: 'Minutes' };
      expect(errorCode(await raise(caller, { ...bRaise, representativeId: aWorld.managementRep.id }))).toBe('NOT_FOUND');
      expect(errorCode(await raise(caller, { ...bRaise, representativeId: bWorld.managementRep.id, ownerUserId: aWorld.steward.id }))).toBe('NOT_FOUND');
      const text = JSON.stringify(dataOf(await server.gql(MEMBERS, {}, caller)));
      expect(text).not.toContain(aWorld.unionRep.id);
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await tenantSnapshot(server, b.uuid)).toEqual(bBefore);

    // A member of both: each organisation shows only its own links, and none of the other's.
    await joinOrganisation(server, b, aWorld.steward, Role.MEMBER);
    const VIEWER = `{ viewer { organisations { organisation { slug } representing { id } } } }`;
    const inA = dataOf(await server.gql(VIEWER, {}, aWorld.steward.as)).viewer.organisations;
    expect(inA).toEqual([
      { organisation: { slug: a.slug }, representing: [{ id: aWorld.unionRep.id }] },
      { organisation: { slug: b.slug }, representing: [] },
    ]);
    const inB = dataOf(await server.gql(VIEWER, {}, { token: aWorld.steward.token, organisation: b.slug })).viewer.organisations;
    expect(inB.map((m: any) => m.representing)).toEqual([[], []]);
  });
});
