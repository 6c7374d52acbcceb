import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/modules/organisations/role';
import { dataOf, type Caller, type TestServer } from './harness';

const unique = () => randomBytes(5).toString('hex');

export interface TestUser {
  id: string;
  email: string;
  name: string;
  token: string;
}

export interface TestOrganisation {
  id: string;
  slug: string;
  name: string;
  owner: TestUser;
  /** Calls as the owner, acting for this organisation. */
  as: Caller;
}

/** Signs up a new user with a unique email. */
export async function buildUser(server: TestServer, overrides: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${unique()}@example.org`;
  const name = overrides.name ?? `User ${unique()}`;
  const data = dataOf(
    await server.gql(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email name } } }`,
      { input: { email, name, password: overrides.password ?? 'correct horse battery' } },
    ),
  );
  return { ...data.signUp.user, token: data.signUp.token };
}

/** Creates an organisation (with a new owner unless given one): every test gets a fresh tenant. */
export async function buildOrganisation(server: TestServer, options: { owner?: TestUser; name?: string } = {}): Promise<TestOrganisation> {
  const owner = options.owner ?? (await buildUser(server));
  const slug = `org-${unique()}`;
  const data = dataOf(
    await server.gql(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }`,
      { input: { slug, name: options.name ?? `Organisation ${slug}` } },
      { token: owner.token },
    ),
  );
  return { ...data.createOrganisation, owner, as: { token: owner.token, organisation: slug } };
}

/** Adds a new user to `organisation` with `role`; returns the user and how to call as them. */
export async function buildMember(server: TestServer, organisation: TestOrganisation, role: Role): Promise<TestUser & { membershipId: string; as: Caller }> {
  const user = await buildUser(server);
  const data = dataOf(
    await server.gql(
      `mutation ($input: AddMemberInput!) { addMember(input: $input) { id role } }`,
      { input: { email: user.email, role } },
      organisation.as,
    ),
  );
  return { ...user, membershipId: data.addMember.id, as: { token: user.token, organisation: organisation.slug } };
}

/** Creates an API key of `organisation`; returns its id and secret. */
export async function buildApiKey(server: TestServer, organisation: TestOrganisation, role: Role = 'OBSERVER' as Role): Promise<{ id: string; secret: string; as: Caller }> {
  const data = dataOf(
    await server.gql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
      { input: { name: `key ${unique()}`, role } },
      organisation.as,
    ),
  );
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret, as: { token: data.createApiKey.secret } };
}
