import type { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, buildProject } from './support/factories';
import { eventually } from './support/fault-checks';
import { dataOf, type Caller } from './support/harness';
import { useMailbox } from './support/mailbox';
import { suiteStore, type Store } from './support/process-store';
import { gqlAt, processClient, startServerProcess, type ServerProcess } from './support/server-process';
import { adminUrl } from './support/test-database';
import { pause } from './support/ws-client';

// A digest is never sent twice (issue #18), with a real server process killed (SIGKILL) while its
// digest is on the wire: the mail server has the whole message but has not answered, the worst
// moment for a duplicate. The server's own timer ticks every second with the digest due at any
// hour; the restarted server looks again and again for the same period and sends nothing.

const mailbox = useMailbox();
jest.setTimeout(180_000);

const digestsTo = (address: string) => mailbox.to(address).filter((mail) => /^Your daily digest: /.test(mail.subject));

describe(`a server killed while its digest is on the wire, ${adminUrl ? 'PostgreSQL' : 'embedded database'}`, () => {
  let store: Store;
  let running: ServerProcess | undefined;

  beforeAll(async () => {
    store = await suiteStore();
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await store.dispose();
  });

  it('does not send the digest again after a restart: the claim committed before the mail left', async () => {
    const env = { ...store.env, ...mailbox.env, DIGEST_SEND_HOUR: '0', DIGEST_TICK_SECONDS: '1', JOBS_POLL_MS: '500' };
    running = await startServerProcess(store.databaseUrl, env);
    const first = running;
    const org = await buildOrganisation(processClient(first.url), { name: 'Millbrook Health' });
    const project = await buildProject(processClient(first.url), org.as, { name: 'Night shelter' });
    mailbox.hold(org.owner.email);
    // Due at any hour (DIGEST_SEND_HOUR=0): the next tick claims today's period and sends.
    await lateStageFor(first.url, org.as, project.id, org.owner, 'Sign the lease');

    await eventually('the digest reaches the mail server', 30_000, async () => digestsTo(org.owner.email).length > 0);
    expect(digestsTo(org.owner.email)[0]!.text).toContain('Sign the lease');
    first.child.kill('SIGKILL');
    await first.exited;

    // The mail server answers again. The restarted server ticks every second for the same period:
    // a colleague's digest goes out, the owner's does not go again.
    const second = (running = await startServerProcess(store.databaseUrl, env));
    const colleague = await buildMember(processClient(second.url), org, 'MEMBER' as Role);
    await lateStageFor(second.url, colleague.as, project.id, colleague, 'Hire staff');
    await eventually("the colleague's digest arrives", 30_000, async () => digestsTo(colleague.email).length > 0);
    await pause(3_000);
    expect(digestsTo(org.owner.email)).toHaveLength(1);
    expect(digestsTo(colleague.email)).toHaveLength(1);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const db = await store.inspect();
    const { rows } = await db.query(`SELECT period_key, status FROM digest_deliveries WHERE period_key LIKE 'DAILY:%' ORDER BY status`);
    expect(rows).toEqual([
      { period_key: expect.stringMatching(/^DAILY:/), status: 'CLAIMED' },
      { period_key: expect.stringMatching(/^DAILY:/), status: 'SENT' },
    ]);
  });
});

/** `person` chooses a daily digest, then is given a stage due yesterday: something to say from the next tick. */
async function lateStageFor(url: string, as: Caller, projectId: string, person: { id: string }, title: string): Promise<void> {
  const call = async (query: string, variables: Record<string, unknown>) => dataOf(await gqlAt(url, query, variables, as));
  // Chosen first: with nothing to say yet, a tick meanwhile finds the default weekly digest empty.
  await call(`mutation ($input: UpdateMyDigestSettingsInput!) { updateMyDigestSettings(input: $input) { frequency } }`, {
    input: { frequency: 'DAILY', timeZone: 'Europe/London' },
  });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await call(`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId, title, dueDate: yesterday, assigneeUserId: person.id } });
}
