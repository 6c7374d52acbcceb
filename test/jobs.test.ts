import { createContext, type Context } from '../src/context';
import { enqueueJob } from '../src/jobs/jobs.enqueue';
import { registerJobHandler } from '../src/jobs/jobs.registry';
import { createProject } from '../src/modules/projects/project.service';
import { buildOrganisation, type TestOrganisation } from './support/factories';
import { startTestServer, type TestServer } from './support/harness';
import { adminUrl } from './support/test-database';
import { pause } from './support/ws-client';

// Background jobs (src/jobs/) through the real server: enqueued in a mutation's transaction, run
// after its commit for its organisation, retried with backoff, once each however many workers
// poll, and counted in /metrics. In PostgreSQL mode two servers share the database; the embedded
// database is one process's, so there several workers of one server poll it.

declare module '../src/jobs/jobs.registry' {
  interface JobPayloads {
    'test.read-project': { projectId: string };
    'test.always-fails': { note: string };
    'test.count': { n: number };
    'test.held': { note: string };
  }
}

const TOKEN = 'jobs-metrics-token-0123456789abcdef0123';
const ENV = {
  JOBS_POLL_MS: '500',
  JOBS_CONCURRENCY: '3',
  JOBS_RETRY_LIMIT: '2',
  JOBS_RETRY_DELAY_SECONDS: '1',
  JOBS_RETRY_DELAY_MAX_SECONDS: '4',
  METRICS_TOKEN: TOKEN,
};

interface ProjectRead {
  jobId: string;
  organisationId: string | undefined;
  userId: string | undefined;
  names: string[];
}
const projectReads: ProjectRead[] = [];
const failures: { note: string; retryCount: number }[] = [];
const counted = new Map<number, number>();

registerJobHandler('test.read-project', async (ctx, { projectId }, run) => {
  // Through the request role and the organisation's row-level security, as any service reads.
  const rows = await ctx.db.query<{ name: string }>('test: read the project', 'SELECT name FROM projects WHERE id = $1', [projectId]);
  projectReads.push({ jobId: run.id, organisationId: ctx.auth.organisationId, userId: ctx.auth.userId, names: rows.map((row) => row.name) });
});
registerJobHandler('test.always-fails', async (_ctx, { note }, run) => {
  failures.push({ note, retryCount: run.retryCount });
  throw new Error(`test.always-fails: ${note}`);
});
registerJobHandler('test.count', async (_ctx, { n }) => {
  counted.set(n, (counted.get(n) ?? 0) + 1);
});

/** The held job's run: started, and the gate it waits at until the test opens it. */
let held: { started: () => void; gate: Promise<void> } | undefined;
registerJobHandler('test.held', async () => {
  held!.started();
  await held!.gate;
});

let server: TestServer;
let second: TestServer | undefined;
let org: TestOrganisation;
let other: TestOrganisation;

beforeAll(async () => {
  server = await startTestServer({ env: ENV });
  if (adminUrl) second = await startTestServer({ env: ENV, database: server.database });
  org = await buildOrganisation(server);
  other = await buildOrganisation(server);
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await server?.stop();
}, 60_000);

/** A context for `organisation`'s owner, as a request has. */
function ownerContext(organisation: TestOrganisation): Promise<Context> {
  return createContext(server.deps, { authorization: `Bearer ${organisation.owner.token}`, organisation: organisation.slug });
}

/** Runs `work` as one mutation does: one transaction, committed at the end unless it throws. */
async function asMutation<T>(organisation: TestOrganisation, work: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await ownerContext(organisation);
  try {
    const result = await ctx.db.transaction(() => work(ctx));
    await ctx.db.finish(true);
    return result;
  } finally {
    await ctx.db.finish(false);
  }
}

interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  retry_backoff: boolean;
  retry_delay: number;
  data: { organisationId: string; payload: unknown };
}

async function jobs(name: string): Promise<JobRow[]> {
  return server.sql<JobRow>('SELECT id, name, state, retry_count, retry_limit, retry_backoff, retry_delay, data FROM pgboss.job WHERE name = $1', [name]);
}

/** Waits until `ready` holds of the jobs named `name` (the workers poll every 500 ms). */
async function untilJobs(name: string, ready: (rows: JobRow[]) => boolean): Promise<JobRow[]> {
  for (let attempt = 0; ; attempt++) {
    const rows = await jobs(name);
    if (ready(rows)) return rows;
    if (attempt === 600) throw new Error(`jobs ${name} never got there: ${JSON.stringify(rows.map((row) => row.state))}`);
    await pause(100);
  }
}

async function scrape(target: TestServer = server): Promise<string> {
  const response = await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe(`background jobs (${adminUrl ? 'PostgreSQL, two servers' : 'embedded'} mode)`, () => {
  it("runs a job a mutation enqueued once it commits, in the organisation's context", async () => {
    const { project, jobId } = await asMutation(org, async (ctx) => {
      const created = await createProject(ctx, { name: 'Discharge lounge' });
      return { project: created, jobId: await enqueueJob(ctx, 'test.read-project', { projectId: created.id }) };
    });
    // Another organisation's job names the same project: row-level security hides it from that job.
    const foreignJobId = await asMutation(other, (ctx) => enqueueJob(ctx, 'test.read-project', { projectId: project.id }));

    const rows = await untilJobs('test.read-project', (all) => all.filter((row) => row.state === 'completed').length === 2);
    expect(rows.find((row) => row.id === jobId)?.data).toEqual({ organisationId: org.uuid, payload: { projectId: project.id } });
    expect(projectReads).toEqual(
      expect.arrayContaining([
        { jobId, organisationId: org.uuid, userId: undefined, names: ['Discharge lounge'] },
        { jobId: foreignJobId, organisationId: other.uuid, userId: undefined, names: [] },
      ]),
    );
  });

  it('leaves no job behind a mutation that fails', async () => {
    await expect(
      asMutation(org, async (ctx) => {
        const created = await createProject(ctx, { name: 'Never made' });
        await enqueueJob(ctx, 'test.read-project', { projectId: created.id });
        throw new Error('the mutation fails after enqueueing');
      }),
    ).rejects.toThrow('the mutation fails after enqueueing');

    expect(await server.sql(`SELECT 1 FROM projects WHERE name = 'Never made'`)).toEqual([]);
    expect((await jobs('test.read-project')).length).toBe(2);
  });

  it('retries a failing job with backoff, then marks it failed', async () => {
    const jobId = await asMutation(org, (ctx) => enqueueJob(ctx, 'test.always-fails', { note: 'first' }));

    const [row] = await untilJobs('test.always-fails', (all) => all[0]?.state === 'failed');
    expect(row).toMatchObject({ id: jobId, state: 'failed', retry_count: 2, retry_limit: 2, retry_backoff: true, retry_delay: 1 });
    expect(failures).toEqual([
      { note: 'first', retryCount: 0 },
      { note: 'first', retryCount: 1 },
      { note: 'first', retryCount: 2 },
    ]);
  });

  it(`runs each job once while ${adminUrl ? 'two servers' : 'several workers'} poll`, async () => {
    const numbers = Array.from({ length: 30 }, (_, n) => n);
    await asMutation(org, async (ctx) => {
      for (const n of numbers) await enqueueJob(ctx, 'test.count', { n });
    });

    await untilJobs('test.count', (all) => all.length === numbers.length && all.every((row) => row.state === 'completed'));
    expect([...counted.entries()].sort(([a], [b]) => a - b)).toEqual(numbers.map((n) => [n, 1]));
  });

  it('counts attempts by name and outcome, and the jobs waiting, in /metrics', async () => {
    // Each server counts the attempts it ran: in PostgreSQL mode, the two of them together.
    const texts = [await scrape(server), ...(second ? [await scrape(second)] : [])];
    const ran = (name: string, outcome: string) => texts.reduce((sum, text) => sum + (sample(text, 'jobs_attempts_total', `name="${name}",outcome="${outcome}"`) ?? 0), 0);
    expect(ran('test.read-project', 'completed')).toBe(2);
    expect(ran('test.always-fails', 'retried')).toBe(2);
    expect(ran('test.always-fails', 'failed')).toBe(1);
    expect(ran('test.always-fails', 'completed')).toBe(0);
    expect(ran('test.count', 'completed')).toBe(30);
    const text = texts[0]!;
    expect(sample(text, 'jobs_waiting', 'name="test.count"')).toBe(0);
    expect(sample(text, 'jobs_oldest_waiting_seconds', 'name="test.count"')).toBe(0);

    // A job for later is not ready, so not waiting either.
    await asMutation(org, (ctx) => enqueueJob(ctx, 'test.count', { n: 100 }, { startAfter: 3600 }));
    expect(sample(await scrape(), 'jobs_waiting', 'name="test.count"')).toBe(0);
    // pg-boss's background loops (maintenance, its schema's upgrade) ran without trouble in this mode.
    for (const target of [server, ...(second ? [second] : [])]) expect(target.logs.filter((line) => line.msg === 'job queue error')).toEqual([]);
  });
});

describe('a server that stops', () => {
  it('lets a running job finish within the shutdown grace before it closes', async () => {
    const stopping = await startTestServer({ env: { ...ENV, SHUTDOWN_GRACE_MS: '30000' } });
    let open!: () => void;
    const started = new Promise<void>((resolve) => {
      held = { started: resolve, gate: new Promise<void>((release) => (open = release)) };
    });
    const owner = await buildOrganisation(stopping);
    const ctx = await createContext(stopping.deps, { authorization: `Bearer ${owner.owner.token}`, organisation: owner.slug });
    const jobId = await ctx.db.transaction(() => enqueueJob(ctx, 'test.held', { note: 'finish me' }));
    await ctx.db.finish(true);
    await started;

    // The job is still running when the stop begins: the stop waits for it, and it completes.
    const stopped = stopping.running.stop();
    open();
    await stopped;
    const [row] = await stopping.sql<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [jobId]);
    await stopping.live.stop();
    await stopping.dataSource.destroy();
    await stopping.database.drop();
    expect(row?.state).toBe('completed');
  });
});
