import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/auth/role';
import { setProjectStatus } from './db-state';
import { dataOf, type Caller, type TestServer } from './harness';
import { uuidOf } from './ids';

const unique = () => randomBytes(5).toString('hex');

export interface TestUser {
  id: string;
  email: string;
  name: string;
  token: string;
}

export interface TestOrganisation {
  /** The global id. */
  id: string;
  /** The UUID inside `id`: what the organisation_id columns hold. */
  uuid: string;
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
    await server.gql(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email name } } }`, {
      input: { email, name, password: overrides.password ?? 'correct horse battery' },
    }),
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
  const organisation = data.createOrganisation;
  return { ...organisation, uuid: uuidOf(organisation.id), owner, as: { token: owner.token, organisation: slug } };
}

/** The token of an invitation's link (`…/#/invitation/<token>`), as a mail's reader would take it. */
export function tokenOfLink(link: string): string {
  return decodeURIComponent(link.slice(link.lastIndexOf('/') + 1));
}

/**
 * Makes `user` a member of `organisation` with `role` as people join: an admin invites the email,
 * and the user, signed in, accepts (nobody is added without accepting). Returns the membership's id.
 */
export async function joinOrganisation(server: TestServer, organisation: { id: string; as: Caller }, user: { token: string; email: string }, role: Role): Promise<string> {
  const { inviteMember } = dataOf(
    await server.gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { link } }`, { input: { email: user.email, role } }, organisation.as),
  );
  dataOf(
    await server.gql(
      `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }`,
      { input: { token: tokenOfLink(inviteMember.link) } },
      { token: user.token },
    ),
  );
  const { viewer } = dataOf(await server.gql(`{ viewer { organisations { id organisation { id } } } }`, {}, { token: user.token }));
  return viewer.organisations.find((membership: { organisation: { id: string } }) => membership.organisation.id === organisation.id).id;
}

/** Adds a new user to `organisation` with `role` (invited, and accepting); returns the user and how to call as them. */
export async function buildMember(server: TestServer, organisation: TestOrganisation, role: Role): Promise<TestUser & { membershipId: string; as: Caller }> {
  const user = await buildUser(server);
  const membershipId = await joinOrganisation(server, organisation, user, role);
  return { ...user, membershipId, as: { token: user.token, organisation: organisation.slug } };
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

/** What the domain factories return: the created object's scalar fields, its global id and its UUID. */
export type Built<T> = T & { id: string; uuid: string };

/** `defaults` overridden by every key of `overrides` that is not undefined (null does override). */
function withDefaults(defaults: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const input = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) input[key] = value;
  return input;
}

async function build<T>(server: TestServer, caller: Caller, mutation: string, inputType: string, fields: string, input: Record<string, unknown>): Promise<Built<T>> {
  const data = dataOf(await server.gql(`mutation ($input: ${inputType}!) { created: ${mutation}(input: $input) { ${fields} } }`, { input }, caller));
  return { ...data.created, uuid: uuidOf(data.created.id) };
}

export interface TestPartner {
  name: string;
  kind: string;
  description: string | null;
  version: number;
}

/** Creates a partner through GraphQL as `caller` (a STAFF partner with a unique name unless told). */
export function buildPartner(server: TestServer, caller: Caller, overrides: { name?: string; kind?: string; description?: string | null } = {}): Promise<Built<TestPartner>> {
  const input = withDefaults({ name: `Partner ${unique()}`, kind: 'STAFF' }, overrides);
  return build(server, caller, 'createPartner', 'CreatePartnerInput', 'id name kind description version', input);
}

export interface TestRepresentative {
  name: string;
  roleTitle: string | null;
  email: string | null;
}

/** Adds a representative to partner `partnerId` (a global id) through GraphQL as `caller`. */
export function buildRepresentative(
  server: TestServer,
  caller: Caller,
  overrides: { partnerId: string; name?: string; roleTitle?: string | null; email?: string | null },
): Promise<Built<TestRepresentative>> {
  const input = withDefaults({ name: `Representative ${unique()}` }, overrides);
  return build(server, caller, 'addRepresentative', 'AddRepresentativeInput', 'id name roleTitle email', input);
}

/** Links representative `representativeId` to user `userId` (global ids; null unlinks) through linkRepresentative as `caller`, an ADMIN or OWNER. */
export async function linkRepresentative(server: TestServer, caller: Caller, representativeId: string, userId: string | null): Promise<void> {
  dataOf(await server.gql(`mutation ($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id } }`, { input: { representativeId, userId } }, caller));
}

/**
 * Makes `user` (the organisation's owner unless given, a member) speak for partner `partnerId`: a
 * new representative of it (named `name`, or after the user), linked to the user. Agreements and
 * challenges `user` then records in that partner's name are the partner's own (not on behalf).
 */
export async function buildSpokesperson(
  server: TestServer,
  organisation: TestOrganisation,
  partnerId: string,
  options: { user?: TestUser; name?: string } = {},
): Promise<Built<TestRepresentative>> {
  const user = options.user ?? organisation.owner;
  const representative = await buildRepresentative(server, organisation.as, { partnerId, name: options.name ?? user.name });
  await linkRepresentative(server, organisation.as, representative.id, user.id);
  return representative;
}

export interface TestPrinciple {
  title: string;
  description: string | null;
  position: number;
  source: string | null;
}

/** Creates one of the organisation's own principles through GraphQL as `caller`. */
export function buildPrinciple(server: TestServer, caller: Caller, overrides: { title?: string; description?: string | null } = {}): Promise<Built<TestPrinciple>> {
  const input = withDefaults({ title: `Principle ${unique()}` }, overrides);
  return build(server, caller, 'createPrinciple', 'CreatePrincipleInput', 'id title description position source', input);
}

export interface TestProject {
  name: string;
  summary: string | null;
  goals: string | null;
  status: string;
  startDate: string | null;
  targetDate: string | null;
  version: number;
}

/**
 * Creates a project through GraphQL as `caller`. It is PROPOSED unless `status` is given: that
 * status is then written straight into the database (white-box: no agreement rule, no event, no
 * new version).
 */
export async function buildProject(
  server: TestServer,
  caller: Caller,
  overrides: { name?: string; summary?: string | null; goals?: string | null; startDate?: string | null; targetDate?: string | null; status?: string } = {},
): Promise<Built<TestProject>> {
  const { status, ...rest } = overrides;
  const input = withDefaults({ name: 'New mental health facility' }, rest);
  const project = await build<TestProject>(server, caller, 'createProject', 'CreateProjectInput', 'id name summary goals status startDate targetDate version', input);
  if (status === undefined || status === project.status) return project;
  await setProjectStatus(server, project.id, status);
  return { ...project, status };
}

export interface TestStage {
  title: string;
  description: string | null;
  position: number;
  status: string;
  dueDate: string | null;
  version: number;
}

/** Appends a stage to the plan of project `projectId` (a global id) through GraphQL as `caller`. */
export function buildStage(
  server: TestServer,
  caller: Caller,
  overrides: { projectId: string; title?: string; description?: string | null; dueDate?: string | null; ownerPartnerId?: string | null; dependsOnStageIds?: string[] },
): Promise<Built<TestStage>> {
  const input = withDefaults({ title: `Stage ${unique()}` }, overrides);
  return build(server, caller, 'addStage', 'AddStageInput', 'id title description position status dueDate version', input);
}

/** Involves partner `partnerId` in project `projectId` (global ids) with `role`, through GraphQL as `caller`. */
export async function involvePartner(server: TestServer, caller: Caller, input: { projectId: string; partnerId: string; role: string }): Promise<void> {
  dataOf(await server.gql(`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { input }, caller));
}

/** Sets the principles project `projectId` works to (global ids), through GraphQL as `caller`. */
export async function setProjectPrinciples(server: TestServer, caller: Caller, input: { projectId: string; principleIds: string[] }): Promise<void> {
  dataOf(await server.gql(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input }, caller));
}
