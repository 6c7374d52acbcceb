import { toGlobalId } from '../src/common/global-id';
import { Role } from '../src/auth/role';
import { errorField } from './support/assertions';
import { activityTypes, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, recordStatements, useTestServer, type Caller, type RecordedStatement } from './support/harness';

const server = useTestServer();

const PARTNER_FIELDS = `id name kind description version representatives { id name roleTitle email }`;
const CREATE = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { ${PARTNER_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdatePartnerInput!) { updatePartner(input: $input) { ${PARTNER_FIELDS} } }`;
const ADD_REP = `mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name roleTitle email } }`;
const LIST = `query ($first: Int, $after: String, $kind: PartnerKind) {
  partners(first: $first, after: $after, kind: $kind) {
    totalCount
    edges { cursor node { id name } }
    nodes { id name kind }
    pageInfo { hasNextPage endCursor }
  }
}`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Partner { name kind version representatives { name } } } }`;

async function createPartner(caller: Caller, input: Record<string, unknown>): Promise<any> {
  return dataOf(await server.gql(CREATE, { input: { kind: 'STAFF', ...input } }, caller)).createPartner;
}

async function partnerRows(org: TestOrganisation): Promise<any[]> {
  return server.sql('SELECT id, name, kind, description, version FROM partners WHERE organisation_id = $1 ORDER BY created_at, id', [org.uuid]);
}

/** Every page of `partners`, following endCursor. */
async function allPages(caller: Caller, first: number, kind?: string): Promise<{ names: string[]; pages: any[] }> {
  const pages: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = dataOf(await server.gql(LIST, { first, after, kind }, caller)).partners;
    pages.push(page);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
    if (pages.length > 50) throw new Error('pagination does not end');
  }
  return { names: pages.flatMap((page) => page.nodes.map((node: any) => node.name)), pages };
}

describe('partners', () => {
  it('creates a partner at version 1 and records PARTNER_CREATED', async () => {
    const org = await buildOrganisation(server);
    const partner = await createPartner(org.as, { name: '  Unison branch  ', kind: 'TRADE_UNION', description: 'Health branch' });
    expect(partner).toMatchObject({ name: 'Unison branch', kind: 'TRADE_UNION', description: 'Health branch', version: 1, representatives: [] });
    const blank = await createPartner(org.as, { name: 'Ward staff', description: '   ' });
    expect(blank.description).toBeNull();
    const omitted = await createPartner(org.as, { name: 'Carers forum', kind: 'CARERS' });
    expect(omitted.description).toBeNull();

    expect(await partnerRows(org)).toMatchObject([
      { name: 'Unison branch', kind: 'TRADE_UNION', description: 'Health branch', version: 1 },
      { name: 'Ward staff', kind: 'STAFF', description: null, version: 1 },
      { name: 'Carers forum', kind: 'CARERS', description: null, version: 1 },
    ]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PARTNER_CREATED', 'PARTNER_CREATED', 'PARTNER_CREATED']);
    const activity = dataOf(await server.gql(`{ activity(first: 10) { nodes { type entityType entityId summary actor } } }`, {}, org.as)).activity.nodes;
    expect(activity[1]).toEqual({
      type: 'PARTNER_CREATED',
      entityType: 'Partner',
      entityId: partner.id,
      summary: 'Added Unison branch as a trade union partner',
      actor: org.owner.name,
    });

    // node(id) finds it, with the same fields.
    expect(dataOf(await server.gql(NODE, { id: partner.id }, org.as)).node).toEqual({
      id: partner.id,
      name: 'Unison branch',
      kind: 'TRADE_UNION',
      version: 1,
      representatives: [],
    });
  });

  it('refuses invalid input with BAD_USER_INPUT and the field, and writes nothing', async () => {
    const org = await buildOrganisation(server);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'input.name'],
      [{ name: 'x'.repeat(201) }, 'input.name'],
      [{ name: 'Nul\u0000name' }, 'input.name'],
      [{ name: 'Ok', description: 'x'.repeat(10_001) }, 'input.description'],
      [{ name: 'Ok', description: 'bad \uD800 surrogate' }, 'input.description'],
    ];
    for (const [input, field] of cases) {
      const response = await server.gql(CREATE, { input: { kind: 'STAFF', ...input } }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
    }
    expect(errorCode(await server.gql(CREATE, { input: { name: 'X', kind: 'NOT_A_KIND' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(CREATE, { input: { kind: 'STAFF' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(await partnerRows(org)).toEqual([]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED']);
  });

  it('pages by (created_at, id) with opaque cursors, filters by kind, and counts the filter', async () => {
    const org = await buildOrganisation(server);
    for (const [name, kind] of [
      ['P01', 'STAFF'],
      ['P02', 'TRADE_UNION'],
      ['P03', 'STAFF'],
      ['P04', 'SERVICE_USERS'],
    ]) {
      await createPartner(org.as, { name, kind });
    }
    // Three partners created in one request share created_at (now() is the transaction's start):
    // the id breaks the tie.
    dataOf(
      await server.gql(
        `mutation {
          a: createPartner(input: { name: "P05", kind: STAFF }) { id }
          b: createPartner(input: { name: "P06", kind: TRADE_UNION }) { id }
          c: createPartner(input: { name: "P07", kind: STAFF }) { id }
        }`,
        {},
        org.as,
      ),
    );
    await createPartner(org.as, { name: 'P08', kind: 'STAFF' });
    const expected = (await partnerRows(org)).map((row) => row.name);
    expect(expected).toHaveLength(8);
    expect(new Set(expected.slice(4, 7))).toEqual(new Set(['P05', 'P06', 'P07']));

    for (const first of [1, 2, 3, 8, 100]) {
      const { names, pages } = await allPages(org.as, first);
      expect(names).toEqual(expected);
      expect(pages).toHaveLength(Math.max(1, Math.ceil(8 / first)));
      for (const page of pages) {
        expect(page.totalCount).toBe(8);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
        expect(page.edges.map((edge: any) => edge.node.id)).toEqual(page.nodes.map((node: any) => node.id));
      }
    }

    const staff = await allPages(org.as, 2, 'STAFF');
    expect(staff.names).toEqual(expected.filter((name) => ['P01', 'P03', 'P05', 'P07', 'P08'].includes(name)));
    expect(staff.pages[0].totalCount).toBe(5);
    expect(staff.pages.flatMap((page) => page.nodes.map((node: any) => node.kind))).toEqual(Array(5).fill('STAFF'));
    const carers = dataOf(await server.gql(LIST, { kind: 'CARERS' }, org.as)).partners;
    expect(carers).toEqual({ totalCount: 0, edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });

    // The cursor is opaque: it does not show the id.
    const firstPage = dataOf(await server.gql(LIST, { first: 1 }, org.as)).partners;
    const [{ id: firstUuid }] = await server.sql('SELECT id FROM partners WHERE name = $1', ['P01']);
    expect(firstPage.pageInfo.endCursor).not.toContain(firstUuid);
  });

  it('defaults to 20 a page, refuses more than 100, and refuses cursors it did not make', async () => {
    const org = await buildOrganisation(server);
    const creates = Array.from({ length: 21 }, (_, i) => `p${i}: createPartner(input: { name: "Partner ${i}", kind: OTHER }) { id }`);
    // At most 15 aliases an operation (the query limits): two requests.
    for (const batch of [creates.slice(0, 15), creates.slice(15)]) dataOf(await server.gql(`mutation { ${batch.join('\n')} }`, {}, org.as));
    const page = dataOf(await server.gql(LIST, {}, org.as)).partners;
    expect(page.nodes).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(21);

    for (const first of [101, 0, -1]) {
      const response = await server.gql(LIST, { first }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe('first');
    }
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const after of [
      'garbage',
      json(['2024-01-01T00:00:00.000000Z']),
      json(['not a time', '2b1c8a5e-0000-4000-8000-000000000000']),
      json(['2024-01-01T00:00:00.000000Z', 'not-a-uuid']),
    ]) {
      const response = await server.gql(LIST, { after }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe('after');
    }
  });

  it('counts only when totalCount is asked for, and loads representatives without N+1', async () => {
    const org = await buildOrganisation(server);
    const withReps = async (count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const partner = await createPartner(org.as, { name: `N${count}-${i}`, kind: 'MANAGEMENT' });
        dataOf(await server.gql(ADD_REP, { input: { partnerId: partner.id, name: `Rep ${i}` } }, org.as));
        ids.push(partner.id);
      }
      return ids;
    };
    await withReps(2);
    const query = (first: number, withCount: boolean) =>
      server.gql(`query ($first: Int) { partners(first: $first) { ${withCount ? 'totalCount' : ''} nodes { name representatives { name } } } }`, { first }, org.as);

    /** The count reads among `statements` (a batched statement carries each read as its own SQL). */
    const counts = (statements: RecordedStatement[]) => statements.flatMap((statement) => statement.text.match(/count\(\*\)/g) ?? []).length;

    const small = await recordStatements(async () => expect(dataOf(await query(2, false)).partners.nodes).toHaveLength(2));
    await withReps(8);
    const large = await recordStatements(async () => {
      const nodes = dataOf(await query(10, false)).partners.nodes;
      expect(nodes).toHaveLength(10);
      for (const node of nodes) expect(node.representatives).toHaveLength(1);
    });
    expect(large).toHaveLength(small.length);
    expect(counts(large)).toBe(0);
    const counted = await recordStatements(async () => expect(dataOf(await query(10, true)).partners.totalCount).toBe(10));
    // Asked for, the count is read once, in the round trip of the representatives (the reads of one turn travel together).
    expect(counts(counted)).toBe(1);
    expect(counted).toHaveLength(large.length);
  });

  it('updates the given fields under optimistic concurrency; null clears description; stale is CONFLICT', async () => {
    const org = await buildOrganisation(server);
    const partner = await createPartner(org.as, { name: 'Patients panel', kind: 'SERVICE_USERS', description: 'Monthly panel' });

    const renamed = dataOf(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, name: ' Patient panel ' } }, org.as)).updatePartner;
    expect(renamed).toMatchObject({ id: partner.id, name: 'Patient panel', kind: 'SERVICE_USERS', description: 'Monthly panel', version: 2 });

    const cleared = dataOf(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 2, kind: 'CARERS', description: null } }, org.as)).updatePartner;
    expect(cleared).toMatchObject({ name: 'Patient panel', kind: 'CARERS', description: null, version: 3 });

    const stale = await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 2, name: 'Lost update' } }, org.as);
    expect(errorCode(stale)).toBe('CONFLICT');
    // Nothing to change is no change, but a stale version is still refused.
    expect(dataOf(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 3, name: 'Patient panel' } }, org.as)).updatePartner.version).toBe(3);
    expect(errorCode(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1 } }, org.as))).toBe('CONFLICT');

    expect(await partnerRows(org)).toMatchObject([{ name: 'Patient panel', kind: 'CARERS', description: null, version: 3 }]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PARTNER_CREATED', 'PARTNER_UPDATED', 'PARTNER_UPDATED']);
    const [event] = await server.sql(`SELECT summary, data FROM activity_events WHERE type = 'PARTNER_UPDATED' AND organisation_id = $1 ORDER BY seq LIMIT 1`, [org.uuid]);
    expect(event.summary).toBe('Renamed partner Patients panel to Patient panel');
    expect(event.data).toEqual({ changes: { name: { from: 'Patients panel', to: 'Patient panel' } }, version: 2 });
  });

  it('refuses null for non-nullable fields, invalid text and unknown ids, writing nothing', async () => {
    const org = await buildOrganisation(server);
    const partner = await createPartner(org.as, { name: 'Board', kind: 'MANAGEMENT' });
    for (const [patch, field] of [
      [{ name: null }, 'input.name'],
      [{ kind: null }, 'input.kind'],
      [{ name: '' }, 'input.name'],
      [{ description: 'x'.repeat(10_001) }, 'input.description'],
    ] as const) {
      const response = await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, ...patch } }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
    }
    const principleLike = toGlobalId('Principle', '2b1c8a5e-0000-4000-8000-000000000000');
    const missing = toGlobalId('Partner', '2b1c8a5e-0000-4000-8000-000000000000');
    for (const id of ['nonsense', principleLike, missing]) {
      expect(errorCode(await server.gql(UPDATE, { input: { id, expectedVersion: 1, name: 'X' } }, org.as))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(ADD_REP, { input: { partnerId: id, name: 'X' } }, org.as))).toBe('NOT_FOUND');
    }
    expect(await partnerRows(org)).toMatchObject([{ name: 'Board', kind: 'MANAGEMENT', description: null, version: 1 }]);
    expect(await server.sql('SELECT id FROM representatives WHERE partner_id = (SELECT id FROM partners WHERE name = $1 AND organisation_id = $2)', ['Board', org.uuid])).toEqual(
      [],
    );
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PARTNER_CREATED']);
  });

  it('lets exactly one of two concurrent updates at the same version win', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const partner = await createPartner(org.as, { name: 'Estates', kind: 'MANAGEMENT' });
    const responses = await Promise.all([
      server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, name: 'Estates A' } }, org.as),
      server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, name: 'Estates B' } }, member.as),
    ]);
    const winners = responses.filter((response) => !response.body.errors);
    expect(winners).toHaveLength(1);
    expect(responses.map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
    const winner = winners[0]!.body.data.updatePartner;
    expect(winner.version).toBe(2);
    expect(await partnerRows(org)).toMatchObject([{ name: winner.name, version: 2 }]);
    expect((await activityTypes(server, org.uuid)).filter((type) => type === 'PARTNER_UPDATED')).toHaveLength(1);
  });

  it('adds representatives, validates email, and lists them oldest first', async () => {
    const org = await buildOrganisation(server);
    const partner = await createPartner(org.as, { name: 'GMB', kind: 'TRADE_UNION' });
    const first = dataOf(
      await server.gql(ADD_REP, { input: { partnerId: partner.id, name: ' Sam Okafor ', roleTitle: 'Branch secretary', email: 'sam@example.org' } }, org.as),
    ).addRepresentative;
    expect(first).toMatchObject({ name: 'Sam Okafor', roleTitle: 'Branch secretary', email: 'sam@example.org' });
    const second = dataOf(await server.gql(ADD_REP, { input: { partnerId: partner.id, name: 'Jo Reed', roleTitle: ' ', email: null } }, org.as)).addRepresentative;
    expect(second).toMatchObject({ name: 'Jo Reed', roleTitle: null, email: null });

    for (const [input, field] of [
      [{ name: 'Bad', email: 'not-an-email' }, 'input.email'],
      [{ name: 'Bad', email: `${'a'.repeat(250)}@example.org` }, 'input.email'],
      [{ name: ' ' }, 'input.name'],
      [{ name: 'Bad', roleTitle: 'x'.repeat(201) }, 'input.roleTitle'],
    ] as const) {
      const response = await server.gql(ADD_REP, { input: { partnerId: partner.id, ...input } }, org.as);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
    }

    const node = dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Partner { representatives { id name roleTitle email } } } }`, { id: partner.id }, org.as)).node;
    expect(node.representatives).toEqual([first, second]);
    const rows = await server.sql(
      'SELECT r.name, r.role_title, r.email, r.user_id FROM representatives r JOIN partners p ON p.id = r.partner_id AND p.organisation_id = r.organisation_id WHERE p.organisation_id = $1 ORDER BY r.created_at',
      [org.uuid],
    );
    expect(rows).toEqual([
      { name: 'Sam Okafor', role_title: 'Branch secretary', email: 'sam@example.org', user_id: null },
      { name: 'Jo Reed', role_title: null, email: null, user_id: null },
    ]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PARTNER_CREATED', 'REPRESENTATIVE_ADDED', 'REPRESENTATIVE_ADDED']);
    const [event] = await server.sql(`SELECT summary, entity_type FROM activity_events WHERE type = 'REPRESENTATIVE_ADDED' AND organisation_id = $1 ORDER BY seq LIMIT 1`, [
      org.uuid,
    ]);
    expect(event).toEqual({ summary: 'Sam Okafor (Branch secretary) now represents GMB', entity_type: 'Representative' });

    // A mutation's own result sees the representative added earlier in the same request.
    const same = dataOf(
      await server.gql(
        `mutation ($id: ID!, $v: Int!) {
          addRepresentative(input: { partnerId: $id, name: "Third" }) { name }
          updatePartner(input: { id: $id, expectedVersion: $v, description: "Recognised union" }) { representatives { name } }
        }`,
        { id: partner.id, v: 1 },
        org.as,
      ),
    );
    expect(same.updatePartner.representatives.map((r: any) => r.name)).toEqual(['Sam Okafor', 'Jo Reed', 'Third']);
  });

  it('lets OBSERVERs read but not write; MEMBERs and MEMBER keys write', async () => {
    const org = await buildOrganisation(server);
    const partner = await createPartner(org.as, { name: 'Finance', kind: 'MANAGEMENT' });
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observerKey = await buildApiKey(server, org, Role.OBSERVER);
    for (const caller of [observer.as, observerKey.as]) {
      expect(errorCode(await server.gql(CREATE, { input: { name: 'Nope', kind: 'OTHER' } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, name: 'Nope' } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(ADD_REP, { input: { partnerId: partner.id, name: 'Nope' } }, caller))).toBe('FORBIDDEN');
      expect(dataOf(await server.gql(LIST, {}, caller)).partners.nodes.map((n: any) => n.name)).toEqual(['Finance']);
    }
    expect(errorCode(await server.gql(LIST, {}, {}))).toBe('UNAUTHENTICATED');
    expect(await partnerRows(org)).toMatchObject([{ name: 'Finance', version: 1 }]);
    expect(await activityTypes(server, org.uuid)).toEqual(['ORGANISATION_CREATED', 'PARTNER_CREATED', 'MEMBER_INVITED', 'INVITATION_ACCEPTED', 'API_KEY_CREATED']);

    const member = await buildMember(server, org, Role.MEMBER);
    const memberKey = await buildApiKey(server, org, Role.MEMBER);
    await createPartner(member.as, { name: 'By member', kind: 'STAFF' });
    await createPartner(memberKey.as, { name: 'By key', kind: 'STAFF' });
    const actors = dataOf(await server.gql(`{ activity(first: 50) { nodes { type actor } } }`, {}, org.as)).activity.nodes.filter((n: any) => n.type === 'PARTNER_CREATED');
    expect(actors.map((n: any) => n.actor)).toEqual([org.owner.name, member.name, expect.stringMatching(/^API key: /)]);
  });

  it("treats another organisation's partners as not existing", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const partner = await createPartner(a.as, { name: 'Alpha union MARKER-A', kind: 'TRADE_UNION', description: 'secret' });
    dataOf(await server.gql(ADD_REP, { input: { partnerId: partner.id, name: 'Alpha rep MARKER-A' } }, a.as));
    await createPartner(b.as, { name: 'Beta staff', kind: 'STAFF' });
    const aCursor = dataOf(await server.gql(LIST, { first: 1 }, a.as)).partners.pageInfo.endCursor;
    const aBefore = await tenantSnapshot(server, a.uuid);

    for (const caller of [b.as, bKey.as]) {
      expect(dataOf(await server.gql(NODE, { id: partner.id }, caller)).node).toBeNull();
      const list = dataOf(await server.gql(LIST, {}, caller)).partners;
      expect(list.totalCount).toBe(1);
      expect(list.nodes.map((n: any) => n.name)).toEqual(['Beta staff']);
      const trade = dataOf(await server.gql(LIST, { kind: 'TRADE_UNION' }, caller)).partners;
      expect(trade).toMatchObject({ totalCount: 0, nodes: [] });
      // A's cursor is only a position: it shows nothing of A.
      const after = dataOf(await server.gql(LIST, { after: aCursor }, caller)).partners;
      expect(JSON.stringify(after)).not.toContain('MARKER-A');

      expect(errorCode(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, name: 'Hijacked' } }, caller))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(UPDATE, { input: { id: partner.id, expectedVersion: 1, description: null } }, caller))).toBe('NOT_FOUND');
      expect(errorCode(await server.gql(ADD_REP, { input: { partnerId: partner.id, name: 'Spy' } }, caller))).toBe('NOT_FOUND');
    }

    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    expect(await partnerRows(a)).toMatchObject([{ name: 'Alpha union MARKER-A', description: 'secret', version: 1 }]);
    const reps = await server.sql('SELECT name, organisation_id FROM representatives WHERE partner_id = (SELECT id FROM partners WHERE name = $1)', ['Alpha union MARKER-A']);
    expect(reps).toEqual([{ name: 'Alpha rep MARKER-A', organisation_id: a.uuid }]);
    expect(await activityTypes(server, b.uuid)).toEqual(['ORGANISATION_CREATED', 'API_KEY_CREATED', 'PARTNER_CREATED']);
  });
});
