import { toGlobalId } from '../src/common/global-id';
import { Role } from '../src/auth/role';
import { errorField } from './support/assertions';
import { activityTypes, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

const server = useTestServer();

const FIELDS = `id title description position source`;
const LIST = `{ principles { ${FIELDS} } }`;
const ADOPT = `mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { ${FIELDS} } }`;
const CREATE = `mutation ($input: CreatePrincipleInput!) { createPrinciple(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { ${FIELDS} } }`;

const TUC_TITLES = [
  'Shared commitment to the success of the organisation',
  "Recognising each other's legitimate interests",
  'Commitment to employment security',
  'A focus on the quality of working life',
  'Transparency',
  'Adding value',
];

async function principleRows(org: TestOrganisation): Promise<any[]> {
  return server.sql('SELECT title, description, position, source, set_key, version FROM principles WHERE organisation_id = $1 ORDER BY position, created_at, id', [org.uuid]);
}

describe('principles', () => {
  it("adopts the TUC's Six Principles of Partnership once, in order, with their source", async () => {
    const org = await buildOrganisation(server);
    const adopted = dataOf(await server.gql(ADOPT, {}, org.as)).adoptPrincipleSet;
    expect(adopted.map((p: any) => p.title)).toEqual(TUC_TITLES);
    expect(adopted.map((p: any) => p.position)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const principle of adopted) {
      expect(principle.source).toBe('TUC: Six Principles of Partnership');
      expect(principle.description.length).toBeGreaterThan(40);
    }
    const rows = await principleRows(org);
    expect(rows.map((row) => row.set_key)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `TUC_SIX_PRINCIPLES:${n}`));
    expect(rows.map((row) => row.title)).toEqual(TUC_TITLES);

    // Adopting again adds nothing, records nothing and returns the same principles.
    const again = dataOf(await server.gql(ADOPT, {}, org.as)).adoptPrincipleSet;
    expect(again).toEqual(adopted);
    expect(await principleRows(org)).toHaveLength(6);
    expect(dataOf(await server.gql(LIST, {}, org.as)).principles).toEqual(adopted);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_SET_ADOPTED']);
    const activity = dataOf(await server.gql(`{ activity(first: 10) { nodes { type entityType summary actor } } }`, {}, org.as)).activity.nodes;
    expect(activity[1]).toEqual({
      type: 'PRINCIPLE_SET_ADOPTED',
      entityType: 'Principle',
      summary: 'Adopted TUC: Six Principles of Partnership (6 principles added)',
      actor: org.owner.name,
    });

    // Each resolves through node(id).
    const node = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Principle { ${FIELDS} } } }`, { id: adopted[4].id }, org.as)).node;
    expect(node).toEqual(adopted[4]);
  });

  it('appends principles after the existing ones, and the set after those', async () => {
    const org = await buildOrganisation(server);
    const own = dataOf(await server.gql(CREATE, { input: { title: '  Service users first ', description: 'Nothing about us without us' } }, org.as)).createPrinciple;
    expect(own).toMatchObject({ title: 'Service users first', description: 'Nothing about us without us', position: 0, source: null });
    const adopted = dataOf(await server.gql(ADOPT, {}, org.as)).adoptPrincipleSet;
    expect(adopted.map((p: any) => p.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const last = dataOf(await server.gql(CREATE, { input: { title: 'Celebrate progress', description: '  ' } }, org.as)).createPrinciple;
    expect(last).toMatchObject({ position: 7, description: null });
    const withoutDescription = dataOf(await server.gql(CREATE, { input: { title: 'Listen first' } }, org.as)).createPrinciple;
    expect(withoutDescription).toMatchObject({ position: 8, description: null });

    const listed = dataOf(await server.gql(LIST, {}, org.as)).principles;
    expect(listed.map((p: any) => p.title)).toEqual(['Service users first', ...TUC_TITLES, 'Celebrate progress', 'Listen first']);
    expect(listed.map((p: any) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await principleRows(org)).map((row) => row.set_key)).toEqual([null, ...[1, 2, 3, 4, 5, 6].map((n) => `TUC_SIX_PRINCIPLES:${n}`), null, null]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_CREATED', 'PRINCIPLE_SET_ADOPTED', 'PRINCIPLE_CREATED', 'PRINCIPLE_CREATED']);
  });

  it('never gives two concurrent appends the same position', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const callers = [org.as, member.as];
    const responses = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => server.gql(CREATE, { input: { title: `Concurrent ${i}` } }, callers[i % 2])),
      server.gql(ADOPT, {}, org.as),
      server.gql(ADOPT, {}, member.as),
    ]);
    for (const response of responses) dataOf(response);
    const rows = await principleRows(org);
    expect(rows).toHaveLength(14);
    expect(rows.map((row) => row.position)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    // The set's six stay together and in order, wherever they landed.
    const tuc = rows.filter((row) => row.set_key);
    expect(tuc.map((row) => row.title)).toEqual(TUC_TITLES);
    expect(tuc.at(-1).position - tuc[0].position).toBe(5);
    expect((await activityTypes(server, org.uuid)).filter((type) => type === 'PRINCIPLE_SET_ADOPTED')).toHaveLength(1);
  });

  it('updates the wording; null clears the description; an edited title survives re-adoption', async () => {
    const org = await buildOrganisation(server);
    const adopted = dataOf(await server.gql(ADOPT, {}, org.as)).adoptPrincipleSet;
    const target = adopted[4];

    const retitled = dataOf(await server.gql(UPDATE, { input: { id: target.id, title: ' Openness and sharing information ' } }, org.as)).updatePrinciple;
    expect(retitled).toEqual({ ...target, title: 'Openness and sharing information' });
    const cleared = dataOf(await server.gql(UPDATE, { input: { id: target.id, description: null } }, org.as)).updatePrinciple;
    expect(cleared).toEqual({ ...target, title: 'Openness and sharing information', description: null });
    const described = dataOf(await server.gql(UPDATE, { input: { id: target.id, description: 'We share what we know, early.' } }, org.as)).updatePrinciple;
    expect(described.description).toBe('We share what we know, early.');
    // A change to nothing records nothing.
    dataOf(await server.gql(UPDATE, { input: { id: target.id, title: 'Openness and sharing information' } }, org.as));
    dataOf(await server.gql(UPDATE, { input: { id: target.id } }, org.as));

    const again = dataOf(await server.gql(ADOPT, {}, org.as)).adoptPrincipleSet;
    expect(again[4]).toMatchObject({ id: target.id, title: 'Openness and sharing information', description: 'We share what we know, early.', source: target.source });
    expect(await principleRows(org)).toHaveLength(6);
    const [row] = await server.sql('SELECT title, set_key, version FROM principles WHERE organisation_id = $1 AND position = 4', [org.uuid]);
    expect(row).toEqual({ title: 'Openness and sharing information', set_key: 'TUC_SIX_PRINCIPLES:5', version: 4 });
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_SET_ADOPTED', 'PRINCIPLE_UPDATED', 'PRINCIPLE_UPDATED', 'PRINCIPLE_UPDATED']);
    const [event] = await server.sql(`SELECT summary, data FROM activity_events WHERE type = 'PRINCIPLE_UPDATED' AND organisation_id = $1 ORDER BY seq LIMIT 1`, [org.uuid]);
    expect(event).toEqual({
      summary: 'Reworded principle Transparency as Openness and sharing information',
      data: { changes: { title: { from: 'Transparency', to: 'Openness and sharing information' } }, version: 2, previousVersion: 1, agreementsOutdated: 0 },
    });
  });

  it('refuses invalid input, null titles and unknown ids, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const principle = dataOf(await server.gql(CREATE, { input: { title: 'Respect', description: 'Listen' } }, org.as)).createPrinciple;
    for (const [input, field] of [
      [{ title: ' ' }, 'input.title'],
      [{ title: 'x'.repeat(201) }, 'input.title'],
      [{ title: 'ok', description: 'x'.repeat(10_001) }, 'input.description'],
      [{ title: 'nul \u0000' }, 'input.title'],
    ] as const) {
      const response = await server.gql(CREATE, { input }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
    }
    for (const [patch, field] of [
      [{ title: null }, 'input.title'],
      [{ title: '' }, 'input.title'],
      [{ description: 'x'.repeat(10_001) }, 'input.description'],
    ] as const) {
      const response = await server.gql(UPDATE, { input: { id: principle.id, ...patch } }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
    }
    expect(errorCode(await server.gql(`mutation { adoptPrincipleSet(set: NO_SUCH_SET) { id } }`, {}, org.as))).toBe('GRAPHQL_VALIDATION_FAILED');
    const partnerLike = toGlobalId('Partner', '2b1c8a5e-0000-4000-8000-000000000000');
    const missing = toGlobalId('Principle', '2b1c8a5e-0000-4000-8000-000000000000');
    for (const id of ['nonsense', partnerLike, missing]) {
      expect(errorCode(await server.gql(UPDATE, { input: { id, title: 'X' } }, org.as))).toBe('NOT_FOUND');
    }
    expect(await principleRows(org)).toEqual([{ title: 'Respect', description: 'Listen', position: 0, source: null, set_key: null, version: 1 }]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_CREATED']);
  });

  it('lets OBSERVERs read but not write; MEMBER keys write', async () => {
    const org = await buildOrganisation(server);
    const principle = dataOf(await server.gql(CREATE, { input: { title: 'Respect' } }, org.as)).createPrinciple;
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    for (const caller of [observer.as, observerKey.as]) {
      expect(errorCode(await server.gql(ADOPT, {}, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(CREATE, { input: { title: 'Nope' } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(UPDATE, { input: { id: principle.id, title: 'Nope' } }, caller))).toBe('FORBIDDEN');
      expect(dataOf(await server.gql(LIST, {}, caller)).principles).toEqual([principle]);
    }
    expect(errorCode(await server.gql(LIST, {}, {}))).toBe('UNAUTHENTICATED');
    expect(await principleRows(org)).toMatchObject([{ title: 'Respect', version: 1 }]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_CREATED', 'MEMBER_INVITED', 'INVITATION_ACCEPTED', 'API_KEY_CREATED']);

    const memberKey = await buildApiKey(server, org, Role.MEMBER);
    const adopted = dataOf(await server.gql(ADOPT, {}, memberKey.as)).adoptPrincipleSet;
    expect(adopted.map((p: any) => p.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(dataOf(await server.gql(UPDATE, { input: { id: principle.id, title: 'Mutual respect' } }, memberKey.as)).updatePrinciple.title).toBe('Mutual respect');
  });

  it("treats another organisation's principles as not existing, and adopts sets per organisation", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const adopted = dataOf(await server.gql(ADOPT, {}, a.as)).adoptPrincipleSet;
    const own = dataOf(await server.gql(CREATE, { input: { title: 'Alpha only MARKER-A' } }, a.as)).createPrinciple;
    const aBefore = await tenantSnapshot(server, a.uuid);

    for (const caller of [b.as, bKey.as]) {
      expect(dataOf(await server.gql(LIST, {}, caller)).principles).toEqual([]);
      for (const id of [own.id, adopted[0].id]) {
        expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, caller)).node).toBeNull();
        expect(errorCode(await server.gql(UPDATE, { input: { id, title: 'Hijacked' } }, caller))).toBe('NOT_FOUND');
        expect(errorCode(await server.gql(UPDATE, { input: { id, description: null } }, caller))).toBe('NOT_FOUND');
      }
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    // B adopting the same set makes B's own rows, starting at B's position 0.
    const bAdopted = dataOf(await server.gql(ADOPT, {}, b.as)).adoptPrincipleSet;
    expect(bAdopted.map((p: any) => p.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bAdopted.map((p: any) => p.id).filter((id: string) => adopted.some((p: any) => p.id === id))).toEqual([]);
    expect(JSON.stringify(dataOf(await server.gql(LIST, {}, b.as)))).not.toContain('MARKER-A');

    const aRows = await principleRows(a);
    expect(aRows.map((row) => [row.title, row.version])).toEqual([...TUC_TITLES.map((title) => [title, 1]), ['Alpha only MARKER-A', 1]]);
    expect(await principleRows(b)).toHaveLength(6);
    expect(await activityTypes(server, a.uuid)).toEqual(['ORGANISATION_CREATED', 'PRINCIPLE_SET_ADOPTED', 'PRINCIPLE_CREATED']);
  });
});
