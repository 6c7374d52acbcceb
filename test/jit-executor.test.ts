import { buildOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';

const server = useTestServer();

/**
 * src/execution/jit-executor.ts runs an operation on graphql-js the first time and compiled by graphql-jit
 * from the second time on: the client must not be able to tell which.
 */
describe('queries executed by graphql-jit', () => {
  it('answers a repeated query exactly as graphql-js answered it the first time', async () => {
    const org = await buildOrganisation(server);
    const [{ id: organisationId }] = await server.sql('SELECT id FROM organisations WHERE slug = $1', [org.slug]);
    await server.sql(
      `WITH w AS (INSERT INTO partners (organisation_id, name, kind) VALUES ($1, 'Staff side', 'STAFF') RETURNING id),
            p AS (INSERT INTO projects (organisation_id, name, status) VALUES ($1, 'Ward 7', 'ACTIVE') RETURNING id)
       INSERT INTO stages (organisation_id, project_id, title, position, owner_partner_id, due_date)
       SELECT $1, p.id, 'Stage ' || g, g, w.id, current_date + g FROM p, w, generate_series(0, 2) g`,
      [organisationId],
    );
    const [{ id: projectUuid }] = await server.sql('SELECT id FROM projects WHERE organisation_id = $1', [organisationId]);
    const projectId = Buffer.from(`Project:${projectUuid}`).toString('base64url');
    const query = `query ($id: ID!) {
      organisation { name }
      node(id: $id) { __typename id ... on Project { name progress { total late } stages { id title dueDate isLate owner { id name kind } } } }
      projects(first: 5) { totalCount nodes { id } pageInfo { hasNextPage } }
    }`;
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(dataOf(await server.gql(query, { id: projectId }, org.as)));
    expect(answers[0].node).toMatchObject({ __typename: 'Project', id: projectId, name: 'Ward 7', progress: { total: 3 } });
    expect(answers[0].node.stages[0].owner).toMatchObject({ name: 'Staff side', kind: 'STAFF' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('gives the same errors, codes and status on both paths', async () => {
    const org = await buildOrganisation(server);
    const unauthenticated = [];
    const badVariables = [];
    for (let i = 0; i < 2; i += 1) {
      unauthenticated.push(await server.gql('{ projects(first: 1) { nodes { id } } }'));
      badVariables.push(await server.gql('query ($first: Int) { projects(first: $first) { nodes { id } } }', { first: 'many' }, org.as));
    }
    for (const responses of [unauthenticated, badVariables]) {
      const [first, second] = responses.map(({ status, body }) => ({ status, data: body.data, errors: body.errors }));
      expect(second).toEqual(first);
    }
    expect(unauthenticated[0]!.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(badVariables[0]!.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
