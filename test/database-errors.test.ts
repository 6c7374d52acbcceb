import { APP_ROLE } from '../src/db/rls';
import { buildOrganisation, buildPrinciple, buildProject } from './support/factories';
import { NO_INTERNALS } from './support/fault-checks';
import { dataOf, errorCode, useTestServer, type GraphQLResponse } from './support/harness';

// A database error must never read as a domain one (issue 17): behind a transaction pooler, a
// failed batched load of principles that exist was answered NOT_FOUND "Principle not found". Here
// the database refuses one read in the middle of the request (the request role loses SELECT on
// one table after the project is locked), which fails the same way whatever the cause.

const server = useTestServer();

const SET_PRINCIPLES = `mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id } } }`;

/** Runs `work` while the request role may not read `table`. */
async function unreadable<T>(table: string, work: () => Promise<T>): Promise<T> {
  await server.sql(`REVOKE SELECT ON ${table} FROM ${APP_ROLE}`);
  try {
    return await work();
  } finally {
    await server.sql(`GRANT SELECT ON ${table} TO ${APP_ROLE}`);
  }
}

function expectInternal(response: GraphQLResponse): void {
  expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
  expect(response.body.errors?.[0]?.message).toBe('Internal server error');
  expect(response.body.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
  expect(JSON.stringify(response.body)).not.toMatch(NO_INTERNALS);
}

describe('a database error mid-request', () => {
  it('is an internal error in setProjectPrinciples, not NOT_FOUND, and logged with its request id', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const principles = [await buildPrinciple(server, org.as), await buildPrinciple(server, org.as)];
    const input = { projectId: project.id, principleIds: principles.map((p) => p.id) };

    const failed = await unreadable('principles', () => server.gql(SET_PRINCIPLES, { input }, org.as));
    expectInternal(failed);
    const requestId = failed.body.errors![0]!.extensions!.requestId;
    expect(server.logs.some((line) => line.requestId === requestId && line.level >= 50 && /permission denied/.test(JSON.stringify(line.err)))).toBe(true);
    expect(await server.sql('SELECT count(*)::int AS n FROM project_principles WHERE organisation_id = $1', [org.uuid])).toEqual([{ n: 0 }]);

    // The same principles, readable again: they exist.
    const set = dataOf(await server.gql(SET_PRINCIPLES, { input }, org.as)).setProjectPrinciples;
    expect(set.principles.map((p: { id: string }) => p.id).sort()).toEqual(input.principleIds.sort());
  });

  it('is an internal error when the row itself cannot be read, not NOT_FOUND', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as);
    const read = await unreadable('projects', () => server.gql(`query ($id: ID!) { project(id: $id) { id name } }`, { id: project.id }, org.as));
    expectInternal(read);
    const write = await unreadable('projects', () => server.gql(SET_PRINCIPLES, { input: { projectId: project.id, principleIds: [] } }, org.as));
    expectInternal(write);
  });
});
