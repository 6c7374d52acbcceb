import { buildOrganisation, buildPrinciple, buildProject, type TestOrganisation } from './support/factories';
import { countStatements, useTestServer } from './support/harness';
import { connect, type WsConnection } from './support/ws-client';

// Catalogue 65: input that no resolver should ever see. A NUL character in any string argument
// (PostgreSQL refuses NUL in text), and an operationName that selects no operation (unknown, empty,
// or missing with several operations), each answered 400 with a stable code before any SQL, with
// no error-level log line, anonymously or not, over HTTP and over the WebSocket.

const server = useTestServer();

const LOG_IN = 'mutation ($input: LogInInput!) { logIn(input: $input) { token } }';

interface Answer {
  status: number;
  errors?: { message: string; extensions?: Record<string, any> }[];
  statements: number;
  /** Error-level (50) or worse log lines the server wrote while answering. */
  errorLogs: Record<string, any>[];
}

/** POSTs a raw GraphQL request body, counting the SQL it caused and the error lines it logged. */
async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const logged = server.logs.length;
  let status = 0;
  let text = '';
  const statements = await countStatements(async () => {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    status = response.status;
    text = await response.text();
  });
  return { status, errors: JSON.parse(text).errors, statements, errorLogs: server.logs.slice(logged).filter((line) => line.level >= 50) };
}

function asOwner(org: TestOrganisation): Record<string, string> {
  return { authorization: `Bearer ${org.owner.token}`, 'x-organisation': org.slug };
}

function expectRefused(answer: Answer, code: string, field?: string): void {
  expect({ status: answer.status, code: answer.errors?.[0]?.extensions?.code, errorLogs: answer.errorLogs, statements: answer.statements }).toEqual({
    status: 400,
    code,
    errorLogs: [],
    statements: 0,
  });
  if (field) expect(answer.errors?.[0]?.extensions?.field).toBe(field);
  expect(answer.errors?.every((error) => error.extensions?.code === code && !('stacktrace' in error.extensions))).toBe(true);
}

describe('NUL characters in string arguments (catalogue 65)', () => {
  let org: TestOrganisation;

  beforeAll(async () => {
    org = await buildOrganisation(server);
  });

  it("refuses NUL in logIn's email, sent anonymously, as BAD_USER_INPUT on input.email, before any SQL", async () => {
    const answer = await post({ query: LOG_IN, variables: { input: { email: 'someone\u0000@example.org', password: 'whatever it is' } } });
    expectRefused(answer, 'BAD_USER_INPUT', 'input.email');
    expect(answer.errors?.[0]?.message).toBe('Invalid input.email: must not contain NUL characters');
    // The same written into the document as a literal.
    const literal = await post({ query: 'mutation { logIn(input: { email: "someone\\u0000@example.org", password: "whatever it is" }) { token } }' });
    expectRefused(literal, 'BAD_USER_INPUT', 'input.email');
  });

  it('refuses NUL in signUp and in any other string argument: names, cursors, ids in lists', async () => {
    const principle = await buildPrinciple(server, org.as);
    const project = await buildProject(server, org.as);
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [
        {
          query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }',
          variables: { input: { email: 'a@example.org', name: 'Ann\u0000', password: 'correct horse battery' } },
        },
        {},
        'input.name',
      ],
      [
        { query: 'mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }', variables: { input: { name: 'Union\u0000', kind: 'TRADE_UNION' } } },
        asOwner(org),
        'input.name',
      ],
      [{ query: 'query ($after: String) { projects(first: 5, after: $after) { nodes { id } } }', variables: { after: 'WyJ4Il0\u0000' } }, asOwner(org), 'after'],
      [
        {
          query: 'mutation ($ids: [ID!]!) { setProjectPrinciples(input: { projectId: "' + project.id + '", principleIds: $ids }) { id } }',
          variables: { ids: [principle.id, 'x\u0000'] },
        },
        asOwner(org),
        'input.principleIds.1',
      ],
      [{ query: '{ node(id: "\\u0000") { id } }' }, asOwner(org), 'id'],
    ];
    for (const [body, headers, field] of cases) expectRefused(await post(body, headers), 'BAD_USER_INPUT', field);
  });

  it('still stores and finds text without NUL, other control characters included', async () => {
    const answer = await post(
      { query: 'mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { name } }', variables: { input: { name: 'Tab\there', kind: 'STAFF' } } },
      asOwner(org),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.status).toBe(200);
  });
});

describe('operationName that selects no operation (catalogue 65)', () => {
  const TWO_ANONYMOUS = '{ viewer { user { id } } } { organisation { name } }';
  const TWO_NAMED = 'query A { viewer { user { id } } } query B { organisation { name } }';

  it('answers an unknown, an empty or a missing operationName with OPERATION_RESOLUTION_FAILURE, anonymously and signed in', async () => {
    const org = await buildOrganisation(server);
    const requests: [Record<string, unknown>, string][] = [
      [{ query: '{ viewer { user { id } } }', operationName: 'Nope' }, 'Unknown operation named "Nope".'],
      [{ query: 'query A { viewer { user { id } } }', operationName: '' }, 'Unknown operation named "".'],
      [{ query: TWO_NAMED, operationName: 'C' }, 'Unknown operation named "C".'],
      [{ query: TWO_NAMED }, 'Must provide operation name if query contains multiple operations.'],
    ];
    for (const headers of [{}, asOwner(org)]) {
      for (const [body, message] of requests) {
        const answer = await post(body, headers);
        expectRefused(answer, 'OPERATION_RESOLUTION_FAILURE');
        expect(answer.errors?.[0]?.message).toBe(message);
      }
    }
    // Two anonymous operations are refused by validation (LoneAnonymousOperation) first.
    expectRefused(await post({ query: TWO_ANONYMOUS }), 'GRAPHQL_VALIDATION_FAILED');
    // The operation named is the one that runs.
    const chosen = await post({ query: TWO_NAMED, operationName: 'B' }, asOwner(org));
    expect(chosen).toMatchObject({ status: 200, errors: undefined });
  });
});

describe('the same refusals over the WebSocket (catalogue 65)', () => {
  let org: TestOrganisation;
  let socket: WsConnection;

  beforeAll(async () => {
    org = await buildOrganisation(server);
    socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
  });
  afterAll(async () => {
    await socket?.dispose();
  });

  /** Subscribes with `payload` and returns the error it is refused with. */
  async function refusal(payload: { query: string; operationName?: string; variables?: Record<string, unknown> }) {
    const logged = server.logs.length;
    let errors: any[] | undefined;
    await new Promise<void>((resolve) => {
      socket.client.subscribe(payload, {
        next: () => undefined,
        error: (error) => {
          errors = Array.isArray(error) ? error : [error];
          resolve();
        },
        complete: () => resolve(),
      });
    });
    return { errors, errorLogs: server.logs.slice(logged).filter((line) => line.level >= 50) };
  }

  it('refuses an unknown operationName and NUL in a variable with the same codes as HTTP', async () => {
    const unknown = await refusal({ query: 'subscription A { activity { cursor } }', operationName: 'B' });
    expect(unknown).toEqual({ errors: [{ message: 'Unknown operation named "B".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }], errorLogs: [] });
    const ambiguous = await refusal({ query: 'subscription A { activity { cursor } } subscription B { activity { type } }' });
    expect(ambiguous.errors?.[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const nul = await refusal({ query: 'subscription ($p: ID) { stageUpdated(projectId: $p) { type } }', variables: { p: '\u0000' } });
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'projectId' });
    expect(nul.errorLogs).toEqual([]);
  });
});
