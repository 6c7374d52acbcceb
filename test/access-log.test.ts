import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Role } from '../src/auth/role';
import { buildMember, buildOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { connect } from './support/ws-client';

// An operator's view: one access line per operation, saying what ran, for whom, how it ended, how
// long it took and what it cost; and every line of a request names its organisation and operation.
const server = useTestServer();

const accessLines = (requestId: string) => server.logs.filter((line) => line.msg === 'operation' && line.requestId === requestId);

async function settled(requestId: string) {
  // The line is written after the response's commit, which the client may see first.
  for (let tries = 0; accessLines(requestId).length === 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  return accessLines(requestId);
}

describe('the access log', () => {
  it('writes one line per operation with its request id, organisation, name, type, status, duration, cost and error codes, and no variables', async () => {
    const org = await buildOrganisation(server);
    const ok = await server.gql(`query Overview { organisation { name } }`, {}, org.as);
    dataOf(ok);
    const [line] = await settled(ok.headers.get('x-request-id')!);
    expect(line).toMatchObject({
      level: 30,
      organisationId: org.uuid,
      operationName: 'Overview',
      operationType: 'query',
      access: { transport: 'http', operationName: 'Overview', operationType: 'query', status: 200, durationMs: expect.any(Number), cost: expect.any(Number) },
    });
    expect(accessLines(ok.headers.get('x-request-id')!)).toHaveLength(1);

    const secret = 'a password nobody logs 42';
    const refused = await server.gql(`mutation Join($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email: 'not-an-email', name: 'X', password: secret } });
    const [failed] = await settled(refused.headers.get('x-request-id')!);
    expect(failed!.access).toMatchObject({ operationName: 'Join', operationType: 'mutation', errors: ['BAD_USER_INPUT'] });
    expect(JSON.stringify(server.logs)).not.toContain(secret);

    const invalid = await server.gql(`{ organisation { nonsense } }`, {}, org.as);
    const [rejected] = await settled(invalid.headers.get('x-request-id')!);
    expect(rejected!.access).toMatchObject({ status: 400, operationName: null, operationType: null, errors: ['GRAPHQL_VALIDATION_FAILED'] });
  });

  it('logs queries and mutations over the WebSocket the same way, as transport ws', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${member.token}`, organisation: org.slug });
    try {
      const before = server.logs.length;
      const attempt = socket.subscribe(`query Mine { viewer { user { id } } }`);
      await attempt.done;
      for (let tries = 0; !server.logs.slice(before).some((line) => line.msg === 'operation') && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      const line = server.logs.slice(before).find((entry) => entry.msg === 'operation');
      expect(line).toMatchObject({ organisationId: org.uuid, access: { transport: 'ws', operationName: 'Mine', operationType: 'query', status: 200 } });
    } finally {
      await socket.dispose();
    }
  });
});

describe('what is running', () => {
  it('says its version and commit in /healthz', async () => {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    const { version } = JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8'));
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
    expect(health).toEqual({ status: 'ok', version, commit });
  });
});
