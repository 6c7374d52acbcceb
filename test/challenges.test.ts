import { ChallengeStatus } from '../src/modules/challenges/challenge.enums';
import { canMoveChallenge } from '../src/modules/challenges/challenge.transitions';
import { Role } from '../src/auth/role';
import { errorExtensions, errorField } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, buildStage, type TestOrganisation } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';

const server = useTestServer();

const CHALLENGE_FIELDS = `id status description resolution createdAt closedAt
  principle { id title } raisedBy { id name } concernsPartner { id name } concernsStage { id title } project { id }
  raisedByUser { id name } onBehalf representative { id name } evidence owner { id name } dueDate isOverdue`;
const RAISE = `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { ${CHALLENGE_FIELDS} } }`;
const RESOLVE = `mutation ($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { ${CHALLENGE_FIELDS} } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawChallenge(id: $id) { ${CHALLENGE_FIELDS} } }`;
const PROJECT_CHALLENGES = `query ($id: ID!) { project(id: $id) { challenges { id status description } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Challenge { status description } } }`;

// ---------------------------------------------------------------------------------------------
// Helpers

const raise = (caller: Caller, input: Record<string, unknown>) => server.gql(RAISE, { input: { description: 'Rotas changed without consultation', ...input } }, caller);

/**
 * A project with a stage, two partners and a principle: what a challenge points at. The owner
 * speaks for both partners (linked to a representative of each), so challenges raised here are
 * the partners' own; test/representatives.test.ts covers who else may, or may not.
 */
async function world(org: TestOrganisation) {
  const project = await buildProject(server, org.as);
  const union = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const management = await buildPartner(server, org.as, { name: 'Trust management', kind: 'MANAGEMENT' });
  const unionRep = await buildSpokesperson(server, org, union.id, { name: 'Branch Secretary' });
  await buildSpokesperson(server, org, management.id, { name: 'Chief Executive' });
  const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
  const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Consult on rotas' });
  return { project, union, management, principle, stage, unionRep };
}

// ---------------------------------------------------------------------------------------------

describe('challenge transitions (pure)', () => {
  it('lets only OPEN challenges be resolved or withdrawn', () => {
    const S = ChallengeStatus;
    const allowed = Object.values(S).flatMap((from) =>
      Object.values(S)
        .filter((to) => canMoveChallenge(from, to))
        .map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual(['OPEN->RESOLVED', 'OPEN->WITHDRAWN']);
  });
});

describe('challenges', () => {
  it('raises a challenge about a partner and a stage, citing a principle, and records CHALLENGE_RAISED', async () => {
    const org = await buildOrganisation(server);
    const { project, union, management, principle, stage } = await world(org);
    const challenge = dataOf(
      await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id, concernsPartnerId: management.id, concernsStageId: stage.id }),
    ).raiseChallenge;
    expect(challenge).toMatchObject({
      status: 'OPEN',
      description: 'Rotas changed without consultation',
      resolution: null,
      closedAt: null,
      principle: { id: principle.id, title: 'Transparency' },
      raisedBy: { id: union.id, name: 'Unison branch' },
      concernsPartner: { id: management.id, name: 'Trust management' },
      concernsStage: { id: stage.id, title: 'Consult on rotas' },
      project: { id: project.id },
      raisedByUser: { id: org.owner.id, name: org.owner.name },
      onBehalf: false,
      representative: { name: 'Branch Secretary' },
      evidence: null,
      owner: null,
      dueDate: null,
      isOverdue: false,
    });
    expect(new Date(challenge.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [row] = await server.sql('SELECT * FROM challenges WHERE id = $1', [uuidOf(challenge.id)]);
    expect(row).toMatchObject({
      project_id: uuidOf(project.id),
      raised_by_partner_id: uuidOf(union.id),
      principle_id: uuidOf(principle.id),
      concerns_partner_id: uuidOf(management.id),
      concerns_stage_id: uuidOf(stage.id),
      status: 'OPEN',
      resolution: null,
      closed_at: null,
    });
    const event = (await activityRows(server, org.uuid)).at(-1);
    expect(event).toMatchObject({ type: 'CHALLENGE_RAISED', entity_type: 'Challenge', entity_id: uuidOf(challenge.id), project_id: uuidOf(project.id) });
    expect(event!.summary).toContain('Unison branch');
    expect(event!.summary).toContain('by Branch Secretary');
    expect(event!.data).toMatchObject({ onBehalf: false, evidence: null });

    // About the project itself: neither a partner nor a stage.
    const general = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: management.id, principleId: principle.id, description: 'Second' })).raiseChallenge;
    expect(general).toMatchObject({ concernsPartner: null, concernsStage: null, raisedBy: { id: management.id } });

    // Project.challenges: oldest first; node(id) finds a challenge.
    const listed = dataOf(await server.gql(PROJECT_CHALLENGES, { id: project.id }, org.as)).project.challenges;
    expect(listed.map((c: any) => c.id)).toEqual([challenge.id, general.id]);
    expect(dataOf(await server.gql(NODE, { id: challenge.id }, org.as)).node).toEqual({ id: challenge.id, status: 'OPEN', description: 'Rotas changed without consultation' });
  });

  it('refuses unknown references and a stage of another project with NOT_FOUND, and bad text with BAD_USER_INPUT, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle } = await world(org);
    const otherProject = await buildProject(server, org.as, { name: 'Other' });
    const otherStage = await buildStage(server, org.as, { projectId: otherProject.id, title: 'Elsewhere' });
    const base = { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id };
    const before = await tenantSnapshot(server, org.uuid);

    const notFound = [
      { ...base, projectId: missingId('Project') },
      { ...base, raisedByPartnerId: missingId('Partner') },
      { ...base, principleId: missingId('Principle') },
      { ...base, concernsPartnerId: missingId('Partner') },
      { ...base, concernsStageId: missingId('Stage') },
      { ...base, concernsStageId: otherStage.id },
      { ...base, raisedByPartnerId: principle.id },
      { ...base, projectId: 'garbage' },
    ];
    for (const input of notFound) expect([JSON.stringify(input), errorCode(await raise(org.as, input))]).toEqual([JSON.stringify(input), 'NOT_FOUND']);

    for (const description of ['   ', 'x'.repeat(10_001), 'nul \u0000 byte']) {
      const bad = await raise(org.as, { ...base, description });
      expect([errorCode(bad), errorField(bad)]).toEqual(['BAD_USER_INPUT', 'input.description']);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Text is stored as given, never interpreted.
    const literal = `'); DROP TABLE challenges; --`;
    expect(dataOf(await raise(org.as, { ...base, description: literal })).raiseChallenge.description).toBe(literal);
  });

  it('resolves an OPEN challenge with its resolution; anything else is INVALID_TRANSITION', async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle } = await world(org);
    const challenge = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id })).raiseChallenge;

    const empty = await server.gql(RESOLVE, { input: { id: challenge.id, resolution: ' ' } }, org.as);
    expect([errorCode(empty), errorField(empty)]).toEqual(['BAD_USER_INPUT', 'input.resolution']);

    const resolved = dataOf(await server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Rotas consulted on again' } }, org.as)).resolveChallenge;
    expect(resolved).toMatchObject({ id: challenge.id, status: 'RESOLVED', resolution: 'Rotas consulted on again' });
    expect(resolved.closedAt).not.toBeNull();
    const [row] = await server.sql('SELECT status, resolution, closed_at FROM challenges WHERE id = $1', [uuidOf(challenge.id)]);
    expect(row).toMatchObject({ status: 'RESOLVED', resolution: 'Rotas consulted on again' });
    expect(row.closed_at).toBeInstanceOf(Date);
    expect((await activityRows(server, org.uuid)).at(-1)).toMatchObject({
      type: 'CHALLENGE_RESOLVED',
      entity_type: 'Challenge',
      entity_id: uuidOf(challenge.id),
      project_id: uuidOf(project.id),
    });

    const before = await tenantSnapshot(server, org.uuid);
    const again = await server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Twice' } }, org.as);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(errorExtensions(again)).toMatchObject({ from: 'RESOLVED', to: 'RESOLVED' });
    expect(errorCode(await server.gql(WITHDRAW, { id: challenge.id }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.gql(RESOLVE, { input: { id: missingId('Challenge'), resolution: 'x' } }, org.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(WITHDRAW, { id: project.id }, org.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
  });

  it('withdraws an OPEN challenge; a withdrawn one cannot be resolved', async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle } = await world(org);
    const challenge = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id })).raiseChallenge;
    const withdrawn = dataOf(await server.gql(WITHDRAW, { id: challenge.id }, org.as)).withdrawChallenge;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', resolution: null });
    expect(withdrawn.closedAt).not.toBeNull();
    expect((await activityRows(server, org.uuid)).at(-1)).toMatchObject({ type: 'CHALLENGE_WITHDRAWN', entity_id: uuidOf(challenge.id), project_id: uuidOf(project.id) });
    const before = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Late' } }, org.as))).toBe('INVALID_TRANSITION');
    expect(errorCode(await server.gql(WITHDRAW, { id: challenge.id }, org.as))).toBe('INVALID_TRANSITION');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(dataOf(await server.gql(PROJECT_CHALLENGES, { id: project.id }, org.as)).project.challenges).toEqual([
      { id: challenge.id, status: 'WITHDRAWN', description: 'Rotas changed without consultation' },
    ]);
  });

  it('lets exactly one of a concurrent resolve and withdraw win', async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle } = await world(org);
    const challenge = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id })).raiseChallenge;
    const results = await Promise.all([
      server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Agreed' } }, org.as),
      server.gql(WITHDRAW, { id: challenge.id }, org.as),
      server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Agreed too' } }, org.as),
    ]);
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'INVALID_TRANSITION')).toHaveLength(2);
    const closings = (await activityRows(server, org.uuid)).filter((e) => e.type === 'CHALLENGE_RESOLVED' || e.type === 'CHALLENGE_WITHDRAWN');
    expect(closings).toHaveLength(1);
  });

  it('keeps OBSERVERs (users and API keys) to reading', async () => {
    const org = await buildOrganisation(server);
    const { project, union, principle } = await world(org);
    const challenge = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id })).raiseChallenge;
    const observer = await buildMember(server, org, Role.OBSERVER);
    const key = await buildApiKey(server, org, Role.OBSERVER);
    const before = await tenantSnapshot(server, org.uuid);
    for (const caller of [observer.as, key.as]) {
      expect(errorCode(await raise(caller, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id }))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'x' } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(WITHDRAW, { id: challenge.id }, caller))).toBe('FORBIDDEN');
      expect(dataOf(await server.gql(PROJECT_CHALLENGES, { id: project.id }, caller)).project.challenges).toHaveLength(1);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    const member = await buildMember(server, org, Role.MEMBER);
    expect(dataOf(await server.gql(WITHDRAW, { id: challenge.id }, member.as)).withdrawChallenge.status).toBe('WITHDRAWN');
    // A MEMBER API key may close challenges too, but never raise one: a key speaks for no partner.
    const writer = await buildApiKey(server, org, Role.MEMBER);
    const second = dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id })).raiseChallenge;
    expect(dataOf(await server.gql(WITHDRAW, { id: second.id }, writer.as)).withdrawChallenge.status).toBe('WITHDRAWN');
    const keyBefore = await tenantSnapshot(server, org.uuid);
    expect(errorCode(await raise(writer.as, { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id }))).toBe('NOT_A_REPRESENTATIVE');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(keyBefore);
  });

  it('loads challenge relations without N+1 queries', async () => {
    const org = await buildOrganisation(server);
    const { project, union, management, principle, stage } = await world(org);
    const QUERY = `query ($id: ID!) { project(id: $id) { challenges { ${CHALLENGE_FIELDS} } } }`;
    let raised = 0;
    const raiseSome = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        raised += 1;
        // Partner names are unique in an organisation.
        const partner = await buildPartner(server, org.as, { name: `Raiser ${raised}` });
        await buildSpokesperson(server, org, partner.id, { name: `Spokesperson ${i}` });
        const cited = await buildPrinciple(server, org.as, { title: `Principle ${i}` });
        dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: partner.id, principleId: cited.id, concernsPartnerId: union.id, concernsStageId: stage.id }));
      }
    };
    dataOf(await raise(org.as, { projectId: project.id, raisedByPartnerId: management.id, principleId: principle.id }));
    await raiseSome(1);
    const few = await countStatements(() => server.gql(QUERY, { id: project.id }, org.as));
    await raiseSome(5);
    let data: any;
    const many = await countStatements(async () => (data = dataOf(await server.gql(QUERY, { id: project.id }, org.as))));
    expect(data.project.challenges).toHaveLength(7);
    expect(many).toBe(few);
  });

  it("gives organisation B nothing of A's challenges and lets it change nothing", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha' });
    const b = await buildOrganisation(server, { name: 'Beta' });
    const aWorld = await world(a);
    const challenge = dataOf(
      await raise(a.as, { projectId: aWorld.project.id, raisedByPartnerId: aWorld.union.id, principleId: aWorld.principle.id, description: 'MARKER-A concern' }),
    ).raiseChallenge;
    const bWorld = await world(b);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);
    const bBefore = await tenantSnapshot(server, b.uuid);
    const bBase = { projectId: bWorld.project.id, raisedByPartnerId: bWorld.union.id, principleId: bWorld.principle.id };

    for (const caller of [b.as, bKey.as]) {
      expect(dataOf(await server.gql(NODE, { id: challenge.id }, caller)).node).toBeNull();
      expect(dataOf(await server.gql(PROJECT_CHALLENGES, { id: aWorld.project.id }, caller)).project).toBeNull();
      expect(errorCode(await server.gql(RESOLVE, { input: { id: challenge.id, resolution: 'Hijacked' } }, caller))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(WITHDRAW, { id: challenge.id }, caller))).toBe('NOT_FOUND');
      // A's rows referenced from B's challenge.
      for (const input of [
        { ...bBase, projectId: aWorld.project.id },
        { ...bBase, raisedByPartnerId: aWorld.union.id },
        { ...bBase, principleId: aWorld.principle.id },
        { ...bBase, concernsPartnerId: aWorld.management.id },
        { ...bBase, concernsStageId: aWorld.stage.id },
        // A's representative (on behalf) and A's member as the owner.
        { ...bBase, representativeId: aWorld.unionRep.id, evidence: 'Minutes' },
        { ...bBase, ownerUserId: a.owner.id },
      ]) {
        expect(errorCode(await raise(caller, input))).toBe('NOT_FOUND');
      }
      const everything = JSON.stringify(dataOf(await server.gql(`{ projects { nodes { challenges { description } } } }`, {}, caller)));
      expect(everything).not.toContain('MARKER-A');
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await tenantSnapshot(server, b.uuid)).toEqual(bBefore);
  });
});
