import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../src/auth/role';
import {
  buildApiKey,
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildSpokesperson,
  buildStage,
  involvePartner,
  type TestOrganisation,
} from './support/factories';
import { dataOf, errorCode, recordStatements, startTestServer, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';
import { describeWithBrowser, expectAccessible, freshWebDir, useBrowser } from './support/browser';
import { signIn } from './support/page-steps';

// Board reports (issue #18): a project's or the organisation's progress, status history,
// celebrations, challenges, decisions and measures over a period, as PDF and CSV, downloaded over
// HTTP as /graphql is called, or by a short-lived link for browsers.

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { WEB_DIR } });

/** pdftotext (poppler-utils) reads the PDFs back; without it the PDF tests are skipped, except in CI. */
function pdftotextMissing(): string | undefined {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no pdftotext (apt-get install poppler-utils)';
  }
}
const NO_PDFTOTEXT = pdftotextMissing();
if (NO_PDFTOTEXT && (process.env.CI || process.env.REQUIRE_PDFTOTEXT === '1')) throw new Error(`the board report tests need pdftotext: ${NO_PDFTOTEXT}`);
if (NO_PDFTOTEXT) process.stderr.write(`PDF board report tests skipped: ${NO_PDFTOTEXT}\n`);
const itWithPdf = NO_PDFTOTEXT ? it.skip : it;

/** The text of a PDF, as pdftotext lays it out, whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'board-report-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF records; a BOM first is dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`a bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (ch === '\n') throw new Error(`a bare LF at ${i}`);
    else field += ch;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

/** The CSV's records as objects by column. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index]!])));
}

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
  json?: any;
}

async function download(pathAndQuery: string, caller: Caller = {}): Promise<Download> {
  const headers: Record<string, string> = {};
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (caller.organisation) headers['x-organisation'] = caller.organisation;
  const response = await fetch(`${server.url}/${pathAndQuery.replace(/^\//, '')}`, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(body.toString('utf8')) : undefined;
  return { status: response.status, headers: response.headers, body, json };
}

const codeOf = (d: Download) => d.json?.errors?.[0]?.extensions?.code;

const HYPERLINK = '=HYPERLINK("http://evil.example","Click")';

/** A project with every kind of thing a report shows, some of it before the default 90 days. */
async function world(org: TestOrganisation, name = 'Night shelter') {
  const gql = async (query: string, variables: Record<string, unknown> = {}) => dataOf(await server.gql(query, variables, org.as));
  const unison = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const board = await buildPartner(server, org.as, { name: 'Trust board' });
  const principle = await buildPrinciple(server, org.as, { title: 'Early involvement' });
  const project = await buildProject(server, org.as, { name, status: 'ACTIVE' });
  await involvePartner(server, org.as, { projectId: project.id, partnerId: unison.id, role: 'MEMBER' });
  await buildSpokesperson(server, org, unison.id);
  const site = await buildStage(server, org.as, { projectId: project.id, title: 'Find a site' });
  const consult = await buildStage(server, org.as, { projectId: project.id, title: 'Staff consultation' });
  await buildStage(server, org.as, { projectId: project.id, title: 'Open the doors' });
  await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: site.id });
  await gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: site.id, celebration: 'Keys handed over, thank you all' } });
  await gql(`mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, { input: { stageId: site.id, message: 'Thank you, staff side' } });
  await gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: consult.id });

  const post = (health: string, narrative: string) =>
    gql(`mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`, { input: { projectId: project.id, health, narrative } });
  const old = (await post('OFF_TRACK', 'Old news from the spring')).postProjectUpdate.id;
  await server.sql(`UPDATE project_updates SET created_at = now() - interval '200 days' WHERE id = $1`, [uuidOf(old)]);
  await post('ON_TRACK', 'Site found, lease agreed');
  await post('AT_RISK', HYPERLINK);

  await gql(`mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`, {
    input: { projectId: project.id, raisedByPartnerId: unison.id, principleId: principle.id, description: '-2+3 staff were not asked, "again"' },
  });
  const decide = (decidedOn: string, text: string, agreedByPartnerIds: string[]) =>
    gql(`mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`, { input: { projectId: project.id, decidedOn, text, agreedByPartnerIds } });
  await decide(daysAgo(200), 'Old decision to look for sites', [board.id]);
  await decide(daysAgo(5), 'Lease the Mill Street site, with a break clause', [unison.id, board.id]);
  await decide(daysAgo(4), '@SUM(A1) not a formula', [board.id]);

  const evaluation = (
    await gql(`mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`, { input: { projectId: project.id, title: 'Shelter evaluation' } })
  ).createEvaluation;
  const addMeasure = async (input: Record<string, unknown>) =>
    (await gql(`mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`, { input: { evaluationId: evaluation.id, ...input } })).addMeasure.id as string;
  const waiting = await addMeasure({ name: 'Waiting time', unit: 'days', baseline: 40, target: 20, direction: 'LOWER_IS_BETTER' });
  const nps = await addMeasure({ name: 'Net promoter score', baseline: -10, target: 30, direction: 'HIGHER_IS_BETTER' });
  const measure = (measureId: string, date: string, value: number, note?: string) =>
    gql(`mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`, { input: { measureId, date, value, note } });
  await measure(waiting, daysAgo(200), 45);
  await measure(waiting, daysAgo(30), 35);
  await measure(waiting, daysAgo(10), 28, 'After the new rota');
  await measure(nps, daysAgo(20), -2);
  return { project, unison, board };
}

describe('board reports', () => {
  it('downloads a project CSV over HTTP, as /graphql is called: the period, every section, RFC 4180 and no formulas', async () => {
    const org = await buildOrganisation(server);
    const { project } = await world(org);
    const res = await download(`reports/projects/${project.id}.csv`, org.as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const from = daysAgo(89);
    const to = daysAgo(0);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="board-report-night-shelter-${from}-to-${to}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = res.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = records(text);
    const of = (section: string) => rows.filter((row) => row.section === section);

    expect(of('REPORT')).toEqual([expect.objectContaining({ title: org.name, detail: `${from} to ${to}` })]);
    expect(of('PROGRESS')).toEqual([
      expect.objectContaining({
        project: 'Night shelter',
        status: 'ACTIVE',
        title: 'AT_RISK',
        value: '33.3',
        unit: '%',
        text: '1 of 3 stages done; 1 in progress; 0 blocked; 0 late',
      }),
    ]);
    // The update of 200 days ago is before the period; a formula is neutralised with a quote.
    expect(of('UPDATE').map((row) => [row.status, row.text])).toEqual([
      ['ON_TRACK', 'Site found, lease agreed'],
      ['AT_RISK', `'${HYPERLINK}`],
    ]);
    expect(of('CELEBRATION')).toEqual([
      expect.objectContaining({ date: to, title: 'Find a site', text: 'Keys handed over, thank you all' }),
      expect.objectContaining({ date: to, title: 'Find a site', text: 'Thank you, staff side' }),
    ]);
    expect(of('CHALLENGE')).toEqual([expect.objectContaining({ status: 'OPEN', title: 'Unison branch', text: `'-2+3 staff were not asked, "again"` })]);
    expect(of('DECISION').map((row) => [row.date, row.title, row.text])).toEqual([
      [daysAgo(5), 'Trust board; Unison branch', 'Lease the Mill Street site, with a break clause'],
      [daysAgo(4), 'Trust board', "'@SUM(A1) not a formula"],
    ]);
    expect(of('MEASURE').map(({ title, status, value, baseline, target, unit, date, detail }) => ({ title, status, value, baseline, target, unit, date, detail }))).toEqual([
      {
        title: 'Shelter evaluation: Waiting time',
        status: 'LOWER_IS_BETTER',
        value: '28',
        baseline: '40',
        target: '20',
        unit: 'days',
        date: daysAgo(10),
        detail: '60% of the way to target',
      },
      {
        title: 'Shelter evaluation: Net promoter score',
        status: 'HIGHER_IS_BETTER',
        value: '-2',
        baseline: '-10',
        target: '30',
        unit: '',
        date: daysAgo(20),
        detail: '20% of the way to target',
      },
    ]);
    // Numbers stay numbers: a negative value is not taken for a formula.
    expect(of('MEASUREMENT').map((row) => [row.title, row.date, row.value, row.text])).toEqual([
      ['Shelter evaluation: Waiting time', daysAgo(30), '35', ''],
      ['Shelter evaluation: Waiting time', daysAgo(10), '28', 'After the new rota'],
      ['Shelter evaluation: Net promoter score', daysAgo(20), '-2', ''],
    ]);
    expect(text).not.toMatch(/(^|,)[=+@]/m);
  });

  it('reports the period asked for: what happened then, and nothing after', async () => {
    const org = await buildOrganisation(server);
    const { project } = await world(org);
    const res = await download(`reports/projects/${project.id}.csv?from=${daysAgo(250)}&to=${daysAgo(150)}`, org.as);
    expect(res.status).toBe(200);
    const rows = records(res.body.toString('utf8'));
    const of = (section: string) => rows.filter((row) => row.section === section).map((row) => row.text || row.value);
    expect(of('UPDATE')).toEqual(['Old news from the spring']);
    expect(of('DECISION')).toEqual(['Old decision to look for sites']);
    expect(of('MEASUREMENT')).toEqual(['45']);
    expect(of('CELEBRATION')).toEqual([]);
    expect(of('CHALLENGE')).toEqual([]);
    expect(res.headers.get('content-disposition')).toContain(`-${daysAgo(250)}-to-${daysAgo(150)}.csv`);
  });

  itWithPdf('downloads a project PDF whose text says what the data says', async () => {
    const org = await buildOrganisation(server);
    const { project } = await world(org);
    const res = await download(`reports/projects/${project.id}.pdf`, org.as);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="board-report-night-shelter-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.body);
    for (const expected of [
      'Board report: Night shelter',
      org.name,
      `Period ${daysAgo(89)} to ${daysAgo(0)}`,
      'Progress',
      '33.3% complete: 1 of 3 stages done, 1 in progress, 0 blocked, 1 not started; 0 late.',
      'Status history',
      'On track: Site found, lease agreed',
      'Celebrations',
      'Find a site: Keys handed over, thank you all',
      'Find a site: Thank you, staff side',
      'Challenges',
      'OPEN, raised by Unison branch: -2+3 staff were not asked, "again"',
      'Decisions',
      'Lease the Mill Street site, with a break clause (agreed by Trust board, Unison branch)',
      'Measures',
      'Shelter evaluation: Waiting time',
      'Baseline 40 days, target 20 days, latest 28 days on',
      'Baseline -10, target 30, latest -2',
      'Target 20',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Old news from the spring');
    expect(text).not.toContain('Old decision');
  });

  itWithPdf("downloads the organisation's report, every project in it, in the same number of statements however many projects", async () => {
    const org = await buildOrganisation(server);
    await world(org, 'Night shelter');
    const csv = async () => records((await download('reports/organisation.csv', org.as)).body.toString('utf8'));
    let few: Record<string, string>[] = [];
    const fewStatements = await recordStatements(async () => (few = await csv()));
    for (const name of ['Allotments', 'Befriending', 'Carers café', 'Day centre']) {
      const project = await buildProject(server, org.as, { name, status: 'ACTIVE' });
      await buildStage(server, org.as, { projectId: project.id, title: `${name} first step` });
      await server.gql(
        `mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`,
        { input: { projectId: project.id, health: 'ON_TRACK', narrative: `${name} going well` } },
        org.as,
      );
    }
    let many: Record<string, string>[] = [];
    const manyStatements = await recordStatements(async () => (many = await csv()));
    expect(few.filter((row) => row.section === 'PROGRESS').map((row) => row.project)).toEqual(['Night shelter']);
    expect(many.filter((row) => row.section === 'PROGRESS').map((row) => row.project)).toEqual(['Allotments', 'Befriending', 'Carers café', 'Day centre', 'Night shelter']);
    expect(many.filter((row) => row.section === 'UPDATE').map((row) => row.text)).toContain('Carers café going well');
    // Authentication (opening the transaction), the four rounds of reads (one round trip each, all tables of a round together) and the commit: 6.
    expect(manyStatements.length).toBe(fewStatements.length);
    expect(manyStatements.length).toBeLessThanOrEqual(8);

    const pdf = await download('reports/organisation.pdf', org.as);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain(`board-report-organisation-${org.slug}`);
    const text = pdfText(pdf.body);
    expect(text).toContain(`Board report: ${org.name}`);
    expect(text).toContain('Projects at a glance');
    for (const name of ['Allotments', 'Befriending', 'Carers café', 'Day centre', 'Night shelter']) expect(text).toContain(name);
    expect(text).toContain('Day centre going well');
  });

  it('refuses callers without credentials, hides other tenants, and says which dates are bad', async () => {
    const org = await buildOrganisation(server);
    const other = await buildOrganisation(server);
    const { project } = await world(org);

    const anonymous = await download(`reports/projects/${project.id}.csv`);
    expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    const badToken = await download(`reports/organisation.pdf`, { token: 'not-a-token', organisation: org.slug });
    expect([badToken.status, codeOf(badToken)]).toEqual([401, 'UNAUTHENTICATED']);
    const noOrganisation = await download(`reports/organisation.csv`, { token: org.owner.token });
    expect([noOrganisation.status, codeOf(noOrganisation)]).toEqual([403, 'FORBIDDEN']);

    // Another organisation's project is NOT_FOUND, as a random or malformed id is; its own report has none of it.
    for (const id of [project.id, missingId('Project'), 'nonsense']) {
      const res = await download(`reports/projects/${id}.pdf`, other.as);
      expect([id, res.status, codeOf(res)]).toEqual([id, 404, 'NOT_FOUND']);
    }
    const theirs = records((await download('reports/organisation.csv', other.as)).body.toString('utf8'));
    expect(theirs.map((row) => row.section)).toEqual(['REPORT']);

    for (const query of ['from=2026-13-01', 'to=yesterday', `from=${daysAgo(1)}&to=${daysAgo(2)}`, 'from=2000-01-01&to=2026-01-01', 'from=2026-01-01&from=2026-01-02']) {
      const res = await download(`reports/projects/${project.id}.csv?${query}`, org.as);
      expect([query, res.status, codeOf(res)]).toEqual([query, 400, 'BAD_USER_INPUT']);
    }
    const unknown = await download(`reports/projects/${project.id}.docx`, org.as);
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);

    // Observers read reports; API keys too, with their header.
    const observer = await buildMember(server, org, Role.OBSERVER);
    expect((await download(`reports/projects/${project.id}.csv`, observer.as)).status).toBe(200);
    const key = await buildApiKey(server, org);
    expect((await download('reports/organisation.csv', { token: key.secret })).status).toBe(200);
  });

  it('hands a browser a short-lived link for one report, which works without headers and for nothing else', async () => {
    const org = await buildOrganisation(server);
    const other = await buildOrganisation(server);
    const { project } = await world(org);
    const LINK = `query ($projectId: ID, $from: Date, $to: Date, $format: BoardReportFormat!) { boardReportDownload(projectId: $projectId, from: $from, to: $to, format: $format) }`;
    const from = daysAgo(60);
    const to = daysAgo(1);
    const link = dataOf(await server.gql(LINK, { projectId: project.id, from, to, format: 'CSV' }, org.as)).boardReportDownload as string;
    expect(link).toMatch(new RegExp(`^reports/projects/${project.id}\\.csv\\?from=${from}&to=${to}&token=[\\w.-]+$`));

    const res = await download(link);
    expect(res.status).toBe(200);
    expect(records(res.body.toString('utf8')).find((row) => row.section === 'REPORT')?.detail).toBe(`${from} to ${to}`);

    // Bound to its report and period: another period, format or project is refused.
    for (const tampered of [
      link.replace(`from=${from}`, `from=${daysAgo(300)}`),
      link.replace('.csv?', '.pdf?'),
      link.replace(/projects\/[^.]+/, 'projects/' + missingId('Project')),
      link.replace(/^reports\/projects\/[^.]+/, 'reports/organisation'),
    ]) {
      const refused = await download(tampered);
      expect([tampered, refused.status, codeOf(refused)]).toEqual([tampered, 401, 'UNAUTHENTICATED']);
    }
    const organisationLink = dataOf(await server.gql(LINK, { format: 'PDF' }, org.as)).boardReportDownload as string;
    expect(organisationLink).toMatch(/^reports\/organisation\.pdf\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&token=/);
    expect((await download(organisationLink)).status).toBe(200);

    expect(errorCode(await server.gql(LINK, { projectId: project.id, format: 'PDF' }, other.as))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(LINK, { from: to, to: from, format: 'PDF' }, other.as))).toBe('BAD_USER_INPUT');
    const key = await buildApiKey(server, org);
    expect(errorCode(await server.gql(LINK, { format: 'PDF' }, { token: key.secret }))).toBe('FORBIDDEN');

    // Signing out everywhere ends the links already handed out.
    await server.gql(`mutation { signOutEverywhere }`, {}, { token: org.owner.token });
    const after = await download(link);
    expect([after.status, codeOf(after)]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

it("charges reports to the organisation's rate-limit bucket, as GraphQL operations are: 429 with Retry-After once it is spent", async () => {
  const limited = await startTestServer({ env: { QUERY_MAX_COST: '1400', RATE_LIMIT_POINTS: '1400', RATE_LIMIT_RESTORE_PER_SECOND: '1' } });
  try {
    const org = await buildOrganisation(limited);
    const project = await buildProject(limited, org.as, { name: 'Rationed' });
    const get = async () => {
      const response = await fetch(`${limited.url}/reports/projects/${project.id}.csv`, { headers: { authorization: `Bearer ${org.owner.token}`, 'x-organisation': org.slug } });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), code: response.status === 200 ? null : (await response.json()).errors[0].extensions.code };
    };
    expect(await get()).toEqual({ status: 200, retryAfter: null, code: null });
    expect(await get()).toEqual({ status: 200, retryAfter: null, code: null });
    expect(await get()).toEqual({ status: 429, retryAfter: expect.stringMatching(/^\d+$/), code: 'RATE_LIMITED' });
  } finally {
    await limited.stop();
  }
}, 120_000);

describeWithBrowser('the Board report control in the web app', () => {
  const browser = useBrowser(WEB_DIR);

  it("downloads a project's report for the period chosen, and the organisation's from the overview", async () => {
    const org = await buildOrganisation(server);
    const { project } = await world(org);
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, org.owner.email, { organisation: org.name });

    const overview = page.getByRole('region', { name: 'Board report' });
    const [whole] = await Promise.all([page.waitForEvent('download'), overview.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(whole.suggestedFilename()).toBe(`board-report-organisation-${org.slug}-${daysAgo(89)}-to-${daysAgo(0)}.pdf`);
    await expectAccessible(page, 'overview with its board report');

    await page.goto(`${server.url}/#/projects/${project.id}`);
    await page.getByRole('heading', { level: 1, name: 'Night shelter' }).waitFor();
    const control = page.getByRole('region', { name: 'Board report' });
    await control.getByLabel('From').fill(daysAgo(250));
    await control.getByLabel('To').fill(daysAgo(150));
    await control
      .locator(`a[href*="to=${daysAgo(150)}"]`)
      .first()
      .waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), control.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe(`board-report-night-shelter-${daysAgo(250)}-to-${daysAgo(150)}.csv`);
    const { readFile } = await import('node:fs/promises');
    const rows = records(await readFile(await csv.path(), 'utf8'));
    expect(rows.filter((row) => row.section === 'UPDATE').map((row) => row.text)).toEqual(['Old news from the spring']);
    // The page stayed where it was.
    await page.getByRole('heading', { level: 1, name: 'Night shelter' }).waitFor();

    // A period that ends before it starts is refused in words.
    await control.getByLabel('From').fill(daysAgo(1));
    await control.getByLabel('To').fill(daysAgo(2));
    await control.getByRole('alert').filter({ hasText: 'from must not be after to' }).waitFor();
    expect(await control.getByRole('link').count()).toBe(0);

    // Observers read reports too.
    const observer = await buildMember(server, org, Role.OBSERVER);
    const observing = await browser.newPage();
    await signIn(observing, server.url, observer.email, { organisation: org.name });
    await observing.goto(`${server.url}/#/projects/${project.id}`);
    await observing.getByRole('region', { name: 'Board report' }).getByRole('link', { name: 'Download CSV' }).waitFor();
  });
});
