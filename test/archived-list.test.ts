import { buildOrganisation, buildPartner, buildPrinciple, buildProject, buildRepresentative } from './support/factories';
import { countStatements, dataOf, errorCode, useTestServer } from './support/harness';
import { errorExtensions } from './support/assertions';

// Query.archived: archived records leave every list, so this is where they are found again to be
// restored (the pages once pieced them together from the activity log, one query per record).
const server = useTestServer();

const ARCHIVED = `query ($types: [String!]!) {
  archived(types: $types) {
    id
    __typename
    ... on Partner { name archivedAt }
    ... on Representative { name archivedAt partner { name } }
    ... on Principle { title archivedAt }
    ... on Project { name archivedAt }
  }
}`;
const ARCHIVE = `mutation ($id: ID!) { archive(id: $id) { id } }`;
const RESTORE = `mutation ($id: ID!) { restore(id: $id) { id } }`;

describe('Query.archived', () => {
  it('lists the archived records of the types asked for, most recently archived first, until restored; nothing of another organisation', async () => {
    const org = await buildOrganisation(server);
    const gql = async (query: string, variables: Record<string, unknown>, as = org.as) => dataOf(await server.gql(query, variables, as));
    const unison = await buildPartner(server, org.as, { name: 'UNISON', kind: 'TRADE_UNION' });
    const forum = await buildPartner(server, org.as, { name: 'Service Users Forum', kind: 'SERVICE_USERS' });
    const rep = await buildRepresentative(server, org.as, { partnerId: forum.id, name: 'Sam Speaker' });
    const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
    const project = await buildProject(server, org.as, { name: 'Old idea' });
    await buildPartner(server, org.as, { name: 'Staff side' });

    for (const id of [unison.id, rep.id, principle.id, project.id]) await gql(ARCHIVE, { id });
    const names = (nodes: any[]) => nodes.map((node) => [node.__typename, node.name ?? node.title]);
    const partnersPage = (await gql(ARCHIVED, { types: ['Partner', 'Representative'] })).archived;
    expect(names(partnersPage)).toEqual([
      ['Representative', 'Sam Speaker'],
      ['Partner', 'UNISON'],
    ]);
    expect(partnersPage[0].partner).toEqual({ name: 'Service Users Forum' });
    expect(partnersPage.every((node: any) => typeof node.archivedAt === 'string')).toBe(true);
    expect(names((await gql(ARCHIVED, { types: ['Principle', 'Project', 'Measure'] })).archived)).toEqual([
      ['Project', 'Old idea'],
      ['Principle', 'Transparency'],
    ]);

    // Restored, a record leaves this list and is back in its own.
    await gql(RESTORE, { id: unison.id });
    expect(names((await gql(ARCHIVED, { types: ['Partner'] })).archived)).toEqual([]);
    expect((await gql(`{ partners { nodes { name } } }`, {})).partners.nodes.map((p: any) => p.name)).toContain('UNISON');

    // One read per type, however many records there are.
    const statements = await countStatements(() => server.gql(ARCHIVED, { types: ['Partner', 'Representative', 'Principle', 'Project'] }, org.as));
    for (const name of ['Old partner 1', 'Old partner 2', 'Old partner 3']) await gql(ARCHIVE, { id: (await buildPartner(server, org.as, { name })).id });
    expect(await countStatements(() => server.gql(ARCHIVED, { types: ['Partner', 'Representative', 'Principle', 'Project'] }, org.as))).toBe(statements);

    // Another organisation sees none of it.
    const other = await buildOrganisation(server);
    expect((await gql(ARCHIVED, { types: ['Partner', 'Representative', 'Principle', 'Project'] }, other.as)).archived).toEqual([]);

    // A type that cannot be archived is named in the refusal.
    const refused = await server.gql(ARCHIVED, { types: ['Partner', 'Stage'] }, org.as);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(errorExtensions(refused)).toMatchObject({ field: 'types' });
  });
});
