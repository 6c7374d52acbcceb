import { Role } from '../src/auth/role';
import { createJobContext } from '../src/context';
import { sendDigest } from '../src/modules/digests/digest.jobs';
import { runDigestTick } from '../src/modules/digests/digest.tick';
import { DigestFrequency } from '../src/modules/digests/digest.enums';
import { buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { uuidOf } from './support/ids';
import { useMailbox, type ReceivedMail } from './support/mailbox';
import { pause } from './support/ws-client';

// Reminders and digests by mail (issue #18), through the in-process SMTP server. The clock is the
// tick's parameter: each test says what time it is (runDigestTick(deps, at)), the server's own
// timer is off (DIGEST_TICK_SECONDS=0), and the jobs the tick enqueues run on the real queue.

const mailbox = useMailbox();
const server = useTestServer({ env: Object.assign(mailbox.env, { DIGEST_TICK_SECONDS: '0', JOBS_POLL_MS: '500', JOBS_RETRY_DELAY_SECONDS: '1' }) });

/** The job id of the claims the "crashed" test writes by hand: settle() does not wait for them. */
const CRASHED = 'crashed-worker';

/** `date` (YYYY-MM-DD) moved by `days`. */
function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** The next Monday after today (UTC): the tests' week. */
const MONDAY = (() => {
  const today = new Date().toISOString().slice(0, 10);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, (8 - weekday) % 7 || 7);
})();
const TUESDAY = addDays(MONDAY, 1);

/** The moment a clock in `zone` shows `time` (HH:MM) on `date`. */
function instant(date: string, time: string, zone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = Object.fromEntries(format.formatToParts(new Date(guess)).map((part) => [part.type, part.value]));
    guess += wanted - Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`);
  }
  return new Date(guess);
}

/** Waits until the tick's jobs have run and every claimed digest has been sent (or found empty). */
async function settle(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const [row] = await server.sql<{ jobs: number; sending: number }>(
      `SELECT (SELECT count(*)::int FROM pgboss.job WHERE name = 'digests.send' AND state IN ('created', 'retry', 'active')) AS jobs,
              (SELECT count(*)::int FROM digest_deliveries WHERE status = 'CLAIMED' AND job_id <> $1) AS sending`,
      [CRASHED],
    );
    if (row!.jobs === 0 && row!.sending === 0) return;
    await pause(100);
  }
  const jobs = await server.sql(`SELECT name, state FROM pgboss.job WHERE name = 'digests.send'`);
  const rows = await server.sql(`SELECT status, job_id FROM digest_deliveries`);
  throw new Error(`digests never settled: ${JSON.stringify({ jobs, rows, warnings: server.logs.filter((line) => line.level >= 40) })}`);
}

/** It is `at`: the tick runs, and its jobs finish. Resolves to the number of jobs it enqueued. */
async function itIs(at: Date): Promise<number> {
  const enqueued = await runDigestTick(server.deps, at);
  await settle();
  return enqueued;
}

const LONDON_MONDAY = instant(MONDAY, '07:05', 'Europe/London');

const SETTINGS = `mutation ($input: UpdateMyDigestSettingsInput!) { updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen } }`;
const choose = (caller: Caller, input: Record<string, unknown>) => server.gql(SETTINGS, { input }, caller);
const MY_DIGEST = `{ viewer { organisations { organisation { slug } digest { frequency timeZone weekday chosen } } } }`;

async function myDigest(caller: Caller): Promise<unknown> {
  const { viewer } = dataOf(await server.gql(MY_DIGEST, {}, caller));
  return viewer.organisations.find((m: { organisation: { slug: string } }) => m.organisation.slug === caller.organisation).digest;
}

/** A stage of `projectId` due on `dueDate`, assigned to `assignee` (a user's global id) when given. */
async function stage(caller: Caller, projectId: string, title: string, dueDate: string | null, assignee?: string): Promise<string> {
  const built = await buildStage(server, caller, { projectId, title, dueDate });
  if (assignee) await server.sql('UPDATE stages SET assignee_user_id = $1 WHERE id = $2', [uuidOf(assignee), built.uuid]);
  return built.uuid;
}

/** A completed stage with its celebration, written `ago` ms before `at`. */
async function celebration(org: TestOrganisation, projectId: string, title: string, message: string, at: Date, ago: number): Promise<void> {
  const stageId = await stage(org.as, projectId, title, null);
  await server.sql(`UPDATE stages SET status = 'DONE', completed_at = now() WHERE id = $1`, [stageId]);
  await server.sql('INSERT INTO celebrations (organisation_id, stage_id, message, created_at) VALUES ($1, $2, $3, $4)', [org.uuid, stageId, message, new Date(at.getTime() - ago)]);
}

/** An open challenge of `projectId` owned by `owner` (a user's global id), due on `dueDate`. */
async function challenge(org: TestOrganisation, projectId: string, description: string, owner: string, dueDate: string): Promise<void> {
  const partner = await buildPartner(server, org.as);
  const principle = await buildPrinciple(server, org.as);
  await server.sql(
    `INSERT INTO challenges (organisation_id, project_id, raised_by_partner_id, principle_id, description, owner_user_id, due_date) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [org.uuid, uuidOf(projectId), partner.uuid, principle.uuid, description, uuidOf(owner), dueDate],
  );
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The path and query of a mailed link, on the server under test (PUBLIC_URL is a proxy's address). */
const onServer = (link: string) => `${server.url}${link.replace(mailbox.publicUrl, '')}`;

/** The digests `address` received (members also get their invitations). */
const digestsTo = (address: string) => mailbox.to(address).filter((mail) => /^Your (daily|weekly) digest: /.test(mail.subject));

const unsubscribeLink = (mail: ReceivedMail) => mail.links.find((link) => link.includes('/unsubscribe?token='))!;

describe('digests by mail', () => {
  it("lists a member's late and due-soon stages, those of their projects, their overdue challenges and the week's celebrations", async () => {
    const org = await buildOrganisation(server, { name: 'Riverside <Health> & Care' });
    const member = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as, { name: 'Night shelter', status: 'ACTIVE' });
    const other = await buildProject(server, org.as, { name: 'Food bank', status: 'ACTIVE' });
    await stage(org.as, project.id, 'Sign the lease', addDays(MONDAY, -2), member.id);
    await stage(org.as, project.id, 'Hire staff', addDays(MONDAY, 3), member.id);
    await stage(org.as, project.id, 'Open the doors', addDays(MONDAY, 20), member.id);
    await stage(org.as, project.id, 'Fit out the kitchen', addDays(MONDAY, 1));
    await stage(org.as, other.id, 'Find a van', addDays(MONDAY, 2));
    const done = await stage(org.as, project.id, 'Survey the site', addDays(MONDAY, -5), member.id);
    await server.sql(`UPDATE stages SET status = 'DONE', completed_at = now() WHERE id = $1`, [done]);
    await challenge(org, project.id, 'Partners disagree on opening hours', member.id, addDays(MONDAY, -1));
    await challenge(org, project.id, 'Volunteers need training', member.id, addDays(MONDAY, 5));
    await celebration(org, other.id, 'First delivery', 'Forty families fed', LONDON_MONDAY, 2 * DAY);
    await celebration(org, other.id, 'Van bought', 'Old news', LONDON_MONDAY, 8 * DAY);

    await itIs(LONDON_MONDAY);
    const [mail, ...more] = digestsTo(member.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Your weekly digest: Riverside <Health> & Care');
    const { text, html } = mail!;
    const after = (heading: string) => text.slice(text.indexOf(heading)).split('\n\n')[0];
    expect(after('Your stages that are late')).toContain('Sign the lease (Night shelter): was due');
    expect(after('Your stages due in the next 7 days')).toContain('Hire staff (Night shelter): due');
    expect(after('Your challenges that are overdue')).toContain('Partners disagree on opening hours (Night shelter)');
    expect(after('Due soon in your projects')).toContain('Fit out the kitchen (Night shelter)');
    expect(after('Celebrations this week')).toContain('First delivery (Food bank) is complete: “Forty families fed”');
    for (const absent of ['Open the doors', 'Survey the site', 'Find a van', 'Volunteers need training', 'Old news', 'no update']) expect(text).not.toContain(absent);
    expect(text).toContain('Riverside <Health> & Care');
    expect(html).toContain('Riverside &lt;Health&gt; &amp; Care');
    expect(html).not.toContain('<Health>');
    expect(html).toContain('Sign the lease (Night shelter)');
    expect(mail!.links.every((link) => link.startsWith(`${mailbox.publicUrl}/`))).toBe(true);
    expect(mail!.links).toContain(`${mailbox.publicUrl}/#/projects/${encodeURIComponent(project.id)}`);
    expect(mail!.headers['list-unsubscribe']).toBe(`<${unsubscribeLink(mail!)}>`);
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // The owner follows no project (no stage of theirs) but sees the week's celebrations.
    const [ownerMail] = digestsTo(org.owner.email);
    expect(ownerMail!.text).toContain('Forty families fed');
    expect(ownerMail!.text).not.toContain('Sign the lease');
    const rows = await server.sql<{ status: string }>('SELECT status FROM digest_deliveries WHERE organisation_id = $1', [org.uuid]);
    expect(rows.map((row) => row.status).sort()).toEqual(['SENT', 'SENT']);
  });

  it('sends each member theirs at 07:00 in their own time zone, once per period', async () => {
    const org = await buildOrganisation(server);
    const london = await buildMember(server, org, Role.MEMBER);
    const auckland = await buildMember(server, org, Role.MEMBER);
    expect(await myDigest(auckland.as)).toEqual({ frequency: 'WEEKLY', timeZone: 'Europe/London', weekday: 1, chosen: false });
    expect(dataOf(await choose(auckland.as, { frequency: 'WEEKLY', timeZone: 'Pacific/Auckland', weekday: 1 })).updateMyDigestSettings).toEqual({
      frequency: 'WEEKLY',
      timeZone: 'Pacific/Auckland',
      weekday: 1,
      chosen: true,
    });
    expect(await myDigest(auckland.as)).toEqual({ frequency: 'WEEKLY', timeZone: 'Pacific/Auckland', weekday: 1, chosen: true });
    // Personal: nobody reads another member's choice.
    const { organisation } = dataOf(await server.gql(`{ organisation { members { digest { frequency } } } }`, {}, auckland.as));
    expect(organisation.members.filter((m: { digest: unknown }) => m.digest !== null)).toHaveLength(1);
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    await stage(org.as, project.id, 'London stage', addDays(MONDAY, 2), london.id);
    await stage(org.as, project.id, 'Auckland stage', addDays(MONDAY, 2), auckland.id);

    // Monday 07:05 in Auckland is Sunday evening in London.
    await itIs(instant(MONDAY, '06:55', 'Pacific/Auckland'));
    expect(digestsTo(auckland.email)).toHaveLength(0);
    await itIs(instant(MONDAY, '07:05', 'Pacific/Auckland'));
    expect(digestsTo(auckland.email)).toHaveLength(1);
    expect(digestsTo(london.email)).toHaveLength(0);
    await itIs(instant(MONDAY, '06:55', 'Europe/London'));
    expect(digestsTo(london.email)).toHaveLength(0);
    await itIs(LONDON_MONDAY);
    expect(digestsTo(london.email)).toHaveLength(1);
    await itIs(instant(MONDAY, '22:00', 'Europe/London'));
    expect(digestsTo(london.email)).toHaveLength(1);
    expect(digestsTo(auckland.email)).toHaveLength(1);
    expect(digestsTo(london.email)[0]!.text).toContain('London stage');
    expect(digestsTo(london.email)[0]!.text).toContain('Auckland stage'); // a stage of a project London works on
  });

  it('refuses an unknown time zone or weekday, and an API key', async () => {
    const org = await buildOrganisation(server);
    const mars = await choose(org.as, { frequency: 'DAILY', timeZone: 'Mars/Olympus_Mons' });
    expect(errorCode(mars)).toBe('BAD_USER_INPUT');
    expect(mars.body.errors?.[0]?.extensions?.field).toBe('input.timeZone');
    const eighth = await choose(org.as, { frequency: 'WEEKLY', weekday: 8 });
    expect(errorCode(eighth)).toBe('BAD_USER_INPUT');
    expect(eighth.body.errors?.[0]?.extensions?.field).toBe('input.weekday');
    expect(await myDigest(org.as)).toMatchObject({ frequency: 'WEEKLY', chosen: false });
    const { createApiKey } = dataOf(await server.gql(`mutation { createApiKey(input: { name: "kiosk", role: ADMIN }) { secret } }`, {}, org.as));
    expect(errorCode(await choose({ token: createApiKey.secret }, { frequency: 'NONE' }))).toBe('FORBIDDEN');
  });

  it('sends daily every day, weekly on the chosen day, and none never', async () => {
    const org = await buildOrganisation(server);
    const daily = await buildMember(server, org, Role.MEMBER);
    const weekly = await buildMember(server, org, Role.MEMBER);
    const none = await buildMember(server, org, Role.MEMBER);
    const tuesdays = await buildMember(server, org, Role.MEMBER);
    dataOf(await choose(daily.as, { frequency: 'DAILY' }));
    dataOf(await choose(none.as, { frequency: 'NONE' }));
    dataOf(await choose(tuesdays.as, { frequency: 'WEEKLY', weekday: 2 }));
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    for (const member of [daily, weekly, none, tuesdays]) await stage(org.as, project.id, `Late for ${member.name}`, addDays(MONDAY, -3), member.id);

    await itIs(LONDON_MONDAY);
    await itIs(instant(TUESDAY, '07:05', 'Europe/London'));
    await itIs(instant(addDays(MONDAY, 2), '07:05', 'Europe/London'));
    expect(digestsTo(daily.email).map((mail) => mail.subject)).toEqual(Array(3).fill(`Your daily digest: ${org.name}`));
    expect(digestsTo(weekly.email)).toHaveLength(1);
    expect(digestsTo(tuesdays.email)).toHaveLength(1);
    expect(digestsTo(none.email)).toHaveLength(0);
    const keys = await server.sql<{ period_key: string }>('SELECT period_key FROM digest_deliveries WHERE organisation_id = $1 AND membership_id = $2 ORDER BY 1', [
      org.uuid,
      uuidOf(tuesdays.membershipId),
    ]);
    expect(keys.map((k) => k.period_key)).toEqual([`WEEKLY:${TUESDAY}`]);
  });

  it('sends nothing when there is nothing to say', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    await stage(org.as, project.id, 'Far away', addDays(MONDAY, 30), member.id);
    await itIs(LONDON_MONDAY);
    expect(digestsTo(member.email)).toHaveLength(0);
    expect(digestsTo(org.owner.email)).toHaveLength(0);
    const rows = await server.sql<{ status: string }>('SELECT status FROM digest_deliveries WHERE organisation_id = $1', [org.uuid]);
    expect(rows.map((row) => row.status)).toEqual(['EMPTY', 'EMPTY']);
  });

  it("never shows one organisation's data in another's digest, and row-level security keeps the digest tables apart", async () => {
    const first = await buildOrganisation(server);
    const second = await buildOrganisation(server);
    const a = await buildMember(server, first, Role.MEMBER);
    const b = await buildMember(server, second, Role.MEMBER);
    const firstProject = await buildProject(server, first.as, { name: 'First project', status: 'ACTIVE' });
    const secondProject = await buildProject(server, second.as, { name: 'Second project', status: 'ACTIVE' });
    await stage(first.as, firstProject.id, 'First stage', addDays(MONDAY, 1), a.id);
    await stage(second.as, secondProject.id, 'Second stage', addDays(MONDAY, 1), b.id);
    await celebration(first, firstProject.id, 'First win', 'First secret', LONDON_MONDAY, HOUR);
    await celebration(second, secondProject.id, 'Second win', 'Second secret', LONDON_MONDAY, HOUR);
    await itIs(LONDON_MONDAY);
    const [toA] = digestsTo(a.email);
    const [toB] = digestsTo(b.email);
    expect(toA!.text).toContain('First secret');
    expect(toA!.text + toA!.html).not.toMatch(/Second (secret|stage|project)/);
    expect(toB!.text).toContain('Second secret');
    expect(toB!.text + toB!.html).not.toMatch(/First (secret|stage|project)/);

    // Acting for the second organisation, the first's rows do not exist.
    const ctx = createJobContext(server.deps, second.uuid, 'tenancy-check');
    try {
      for (const table of ['digest_deliveries', 'digest_settings']) {
        const rows = await ctx.db.query<{ organisation_id: string }>('test: read as the second organisation', `SELECT organisation_id FROM ${table}`);
        expect(rows.filter((row) => row.organisation_id !== second.uuid)).toEqual([]);
      }
      const [count] = await ctx.db.query<{ n: number }>('test', 'SELECT count(*)::int AS n FROM digest_deliveries WHERE organisation_id = $1', [first.uuid]);
      expect(count!.n).toBe(0);
      // Without the tick's setting, a job sees only its own organisation.
      expect(await ctx.db.query('test', 'SELECT id FROM organisations')).toEqual([{ id: second.uuid }]);
    } finally {
      await ctx.db.finish(false);
    }
  });

  it('unsubscribes by the link without signing in: GET only asks, POST (or one-click) turns the digest off', async () => {
    const org = await buildOrganisation(server, { name: 'Unsubscribers' });
    const member = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    await stage(org.as, project.id, 'Due soon', addDays(MONDAY, 1), member.id);
    await itIs(LONDON_MONDAY);
    const [mail] = digestsTo(member.email);
    const link = onServer(unsubscribeLink(mail!));

    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    expect(asked.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await asked.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Stop your digest?</h1>');
    expect(page).toContain('Unsubscribers');
    expect(page).toMatch(/<form method="post"><button type="submit">Unsubscribe<\/button><\/form>/);
    // The dashboard's content security policy covers it (no inline style), and the secret link stays out of caches and referrers.
    expect(asked.headers.get('content-security-policy')).toMatch(/default-src 'none'.*style-src 'self'/);
    expect(page).not.toContain('<style');
    expect(asked.headers.get('cache-control')).toBe('no-store');
    expect(asked.headers.get('referrer-policy')).toBe('no-referrer');
    // A scanner following the link changed nothing.
    expect(await myDigest(member.as)).toMatchObject({ frequency: 'WEEKLY', chosen: false });

    // RFC 8058: the mail client POSTs the List-Unsubscribe address with this body.
    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect(await myDigest(member.as)).toMatchObject({ frequency: 'NONE', chosen: true });
    await itIs(instant(addDays(MONDAY, 7), '07:05', 'Europe/London'));
    expect(digestsTo(member.email)).toHaveLength(1);

    for (const bad of ['', 'garbage', `${new URL(link).searchParams.get('token')}x`]) {
      const refused = await fetch(`${server.url}/unsubscribe?token=${encodeURIComponent(bad)}`, { method: 'POST' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('This link does not work');
      expect((await fetch(`${server.url}/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    // A user's sign-in token is not an unsubscribe token.
    expect((await fetch(`${server.url}/unsubscribe?token=${member.token}`)).status).toBe(400);
  });

  it('sends nothing twice: not for a second tick, a second run of the job, a worker killed before its claim committed, nor one that died after', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const killed = await buildMember(server, org, Role.MEMBER);
    const crashed = await buildMember(server, org, Role.MEMBER);
    const project = await buildProject(server, org.as, { status: 'ACTIVE' });
    for (const m of [member, killed, crashed]) await stage(org.as, project.id, `Late for ${m.name}`, addDays(MONDAY, -1), m.id);
    const payload = (m: { membershipId: string }) => ({
      membershipId: uuidOf(m.membershipId),
      periodKey: `WEEKLY:${MONDAY}`,
      frequency: DigestFrequency.WEEKLY as const,
      localDate: MONDAY,
      at: LONDON_MONDAY.toISOString(),
    });
    /** Runs the job's handler as the queue does, committing unless `commit` is false (a worker killed mid-job). */
    const runJob = async (m: { membershipId: string }, jobId: string, commit = true) => {
      const ctx = createJobContext(server.deps, org.uuid, jobId);
      try {
        await sendDigest(ctx, payload(m), jobId);
        if (commit) await ctx.db.finish(true);
      } finally {
        await ctx.db.finish(false);
      }
    };

    // Killed mid-job: the claim and the mail go with its transaction.
    await runJob(killed, 'killed-worker', false);
    // Died after the claim committed, before the mail left: the claim is all there is.
    await server.sql('INSERT INTO digest_deliveries (organisation_id, membership_id, period_key, job_id) VALUES ($1, $2, $3, $4)', [
      org.uuid,
      uuidOf(crashed.membershipId),
      `WEEKLY:${MONDAY}`,
      CRASHED,
    ]);
    expect(digestsTo(killed.email)).toHaveLength(0);

    await itIs(LONDON_MONDAY);
    expect(digestsTo(member.email)).toHaveLength(1);
    expect(digestsTo(killed.email)).toHaveLength(1);
    expect(await itIs(LONDON_MONDAY)).toBe(0);
    await itIs(new Date(LONDON_MONDAY.getTime() + HOUR));
    await runJob(member, 'retried-job');
    await runJob(killed, 'retried-job-2');
    await runJob(crashed, 'retried-job-3');
    await settle();
    expect(digestsTo(member.email)).toHaveLength(1);
    expect(digestsTo(killed.email)).toHaveLength(1);
    expect(digestsTo(crashed.email)).toHaveLength(0);
    expect(server.logs.some((line) => line.msg?.startsWith('digest claimed earlier and not marked sent') && line.digest?.claimedBy === CRASHED)).toBe(true);

    // A mail the server refused is FAILED, and claimed again by a later tick of the same period.
    const refusedMember = await buildMember(server, org, Role.MEMBER);
    await stage(org.as, project.id, 'Late again', addDays(MONDAY, -1), refusedMember.id);
    mailbox.refuse(refusedMember.email);
    await itIs(new Date(LONDON_MONDAY.getTime() + 2 * HOUR));
    const [failed] = await server.sql<{ status: string; attempts: number }>('SELECT status, attempts FROM digest_deliveries WHERE organisation_id = $1 AND membership_id = $2', [
      org.uuid,
      uuidOf(refusedMember.membershipId),
    ]);
    expect(failed).toEqual({ status: 'FAILED', attempts: 1 });
  });

  it('reminds owners and admins, in their digest once a period, of ACTIVE projects with no update for 14 days', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    const member = await buildMember(server, org, Role.MEMBER);
    const backdate = async (projectId: string, days: number) =>
      server.sql('UPDATE projects SET created_at = $1 WHERE id = $2', [new Date(LONDON_MONDAY.getTime() - days * DAY), uuidOf(projectId)]);
    const post = async (projectId: string, daysAgo: number) => {
      const { postProjectUpdate } = dataOf(
        await server.gql(
          `mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`,
          { input: { projectId, health: 'ON_TRACK', narrative: 'Fine' } },
          org.as,
        ),
      );
      await server.sql('UPDATE project_updates SET created_at = $1 WHERE id = $2', [new Date(LONDON_MONDAY.getTime() - daysAgo * DAY), uuidOf(postProjectUpdate.id)]);
    };
    const never = await buildProject(server, org.as, { name: 'Never updated', status: 'ACTIVE' });
    await backdate(never.id, 20);
    const recent = await buildProject(server, org.as, { name: 'Updated lately', status: 'ACTIVE' });
    await backdate(recent.id, 20);
    await post(recent.id, 16);
    await post(recent.id, 3);
    const stale = await buildProject(server, org.as, { name: 'Gone quiet', status: 'ACTIVE' });
    await backdate(stale.id, 30);
    await post(stale.id, 15);
    const young = await buildProject(server, org.as, { name: 'Just started', status: 'ACTIVE' });
    await backdate(young.id, 5);
    const proposed = await buildProject(server, org.as, { name: 'Only proposed' });
    await backdate(proposed.id, 40);

    await itIs(LONDON_MONDAY);
    for (const person of [org.owner, admin]) {
      const mails = digestsTo(person.email);
      expect(mails).toHaveLength(1);
      const text = mails[0]!.text;
      expect(text).toContain('Projects with no update for 14 days or more');
      expect(text).toContain('Never updated: last update');
      expect(text).toContain('Gone quiet: last update');
      for (const absent of ['Updated lately', 'Just started', 'Only proposed']) expect(text).not.toContain(absent);
    }
    expect(digestsTo(member.email)).toHaveLength(0);
    await itIs(new Date(LONDON_MONDAY.getTime() + 3 * HOUR));
    expect(digestsTo(admin.email)).toHaveLength(1);
    // Still quiet a week later: reminded again, once.
    await itIs(instant(addDays(MONDAY, 7), '07:05', 'Europe/London'));
    expect(digestsTo(admin.email)).toHaveLength(2);
    expect(digestsTo(admin.email)[1]!.text).toContain('Never updated');
  });
});
