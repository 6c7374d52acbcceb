import { buildOrganisation, buildPartner, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';
import { describeWithBrowser, expectAccessible, useChromium } from './support/browser';

// Service-user feedback by link (issue #18): an evaluation opens a public form for a service-user
// partner; people answer without an account; answers land as the evaluation's involvement; the
// team's "you said, we did" shows on the same form. Limited per address, with a honeypot.

const server = useTestServer({ env: { FEEDBACK_ANSWERS_PER_ADDRESS_PER_HOUR: '4', TRUST_PROXY_HOPS: '1' } });

const OPEN = `mutation ($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id open createdAt partner { name } evaluation { title } } } }`;
const EVALUATION = `query ($id: ID!) { node(id: $id) { ... on Evaluation { status involvements { summary date viaFeedbackLink partner { name } }
  feedbackLinks { id open } youSaidWeDid { youSaid weDid decision { text } stage { title } } } } }`;

async function world(org: TestOrganisation) {
  const voices = await buildPartner(server, org.as, { name: 'Service User Voices', kind: 'SERVICE_USERS' });
  const union = await buildPartner(server, org.as, { name: 'UNISON', kind: 'TRADE_UNION' });
  const project = await buildProject(server, org.as, { name: 'Community hub' });
  const stage = await buildStage(server, org.as, { projectId: project.id, title: 'Longer opening hours' });
  const evaluation = dataOf(
    await server.gql(
      `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`,
      { input: { projectId: project.id, title: 'Drop-in sessions' } },
      org.as,
    ),
  ).createEvaluation as { id: string };
  return { voices, union, project, stage, evaluation };
}

async function openForm(org: TestOrganisation, evaluationId: string, partnerId: string): Promise<{ url: string; path: string; id: string }> {
  const opened = dataOf(await server.gql(OPEN, { input: { evaluationId, partnerId } }, org.as)).openFeedbackLink;
  const path = new URL(opened.url).pathname;
  return { url: `${server.url}${path}`, path, id: opened.link.id };
}

/** Posts the form from the client address `ip` (the server trusts one proxy hop here). */
const answer = (url: string, fields: Record<string, string>, ip = `203.0.113.${1 + Math.floor(Math.random() * 250)}`) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers: { 'x-forwarded-for': ip } });

describe('feedback by link', () => {
  it('takes answers without an account and records them as the evaluation’s involvement, in the partner’s name', async () => {
    const org = await buildOrganisation(server, { name: 'Riverside Trust' });
    const w = await world(org);
    const opened = dataOf(await server.gql(OPEN, { input: { evaluationId: w.evaluation.id, partnerId: w.voices.id } }, org.as)).openFeedbackLink;
    expect(opened.link).toMatchObject({ open: true, partner: { name: 'Service User Voices' }, evaluation: { title: 'Drop-in sessions' } });
    expect(opened.url).toMatch(/\/feedback\/phf_[0-9a-f]{32}_[0-9a-f]{32}_[0-9a-f]{64}$/);
    const url = `${server.url}${new URL(opened.url).pathname}`;

    const form = await fetch(url);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await form.text();
    expect(html).toContain('<h1>Your views on Community hub</h1>');
    expect(html).toContain('Riverside Trust');
    expect(html).toContain('<label for="answer">What would you like to tell us?</label>');

    const sent = await answer(url, { answer: '  The evening sessions help me a lot.  ', website: '' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${new URL(url).pathname}?sent=1`);
    expect(await (await fetch(`${url}?sent=1`)).text()).toContain('Thank you. We have your answer.');

    const evaluation = dataOf(await server.gql(EVALUATION, { id: w.evaluation.id }, org.as)).node;
    expect(evaluation.status).toBe('IN_PROGRESS');
    expect(evaluation.involvements).toEqual([
      { summary: 'The evening sessions help me a lot.', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), viaFeedbackLink: true, partner: { name: 'Service User Voices' } },
    ]);
    const activity = dataOf(await server.gql(`{ activity(first: 20) { nodes { type summary } } }`, {}, org.as)).activity.nodes;
    expect(activity).toEqual(
      expect.arrayContaining([
        { type: 'INVOLVEMENT_RECORDED', summary: expect.stringMatching(/^Service User Voices involved in evaluation "Drop-in sessions" on .* \(through its feedback form\)$/) },
        { type: 'FEEDBACK_LINK_OPENED', summary: 'Opened a feedback form of evaluation "Drop-in sessions" for Service User Voices' },
      ]),
    );
  });

  it('shows the team’s "you said, we did" on the form, linked to a decision or stage of the project', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const { url } = await openForm(org, w.evaluation.id, w.voices.id);
    const RECORD = `mutation ($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { youSaid weDid stage { title } } }`;
    const recorded = dataOf(
      await server.gql(RECORD, { input: { evaluationId: w.evaluation.id, youSaid: 'The hub <closes> too early', weDid: 'We open until 8pm', stageId: w.stage.id } }, org.as),
    ).recordYouSaidWeDid;
    expect(recorded).toEqual({ youSaid: 'The hub <closes> too early', weDid: 'We open until 8pm', stage: { title: 'Longer opening hours' } });
    const html = await (await fetch(url)).text();
    expect(html).toContain('<h2 id="answers">You said, we did</h2>');
    expect(html).toContain('The hub &lt;closes&gt; too early');
    expect(html).toContain('We open until 8pm');

    // A stage of another project is as good as missing.
    const other = await buildProject(server, org.as, { name: 'Other' });
    const elsewhere = await buildStage(server, org.as, { projectId: other.id, title: 'Elsewhere' });
    expect(errorCode(await server.gql(RECORD, { input: { evaluationId: w.evaluation.id, youSaid: 'a', weDid: 'b', stageId: elsewhere.id } }, org.as))).toBe('NOT_FOUND');
  });

  it('refuses a partner that does not speak for service users, and an unknown, closed or tampered link shows only that it is not open', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const refused = await server.gql(OPEN, { input: { evaluationId: w.evaluation.id, partnerId: w.union.id } }, org.as);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.extensions?.field).toBe('input.partnerId');

    const { url, id } = await openForm(org, w.evaluation.id, w.voices.id);
    const tampered = url.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect((await fetch(tampered)).status).toBe(404);
    expect((await fetch(`${server.url}/feedback/not-a-token`)).status).toBe(404);

    const closed = dataOf(await server.gql(`mutation ($id: ID!) { closeFeedbackLink(id: $id) { open closedAt } }`, { id }, org.as)).closeFeedbackLink;
    expect(closed.open).toBe(false);
    const page = await fetch(url);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('This feedback form is not open.');
    expect((await answer(url, { answer: 'Too late' })).status).toBe(404);
    const evaluation = dataOf(await server.gql(EVALUATION, { id: w.evaluation.id }, org.as)).node;
    expect(evaluation.involvements).toEqual([]);
  });

  it('keeps nothing a robot sends (the hidden field filled), asks for an empty answer again, and limits answers per address', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const { url } = await openForm(org, w.evaluation.id, w.voices.id);
    const ip = '198.51.100.7';
    const robot = await answer(url, { answer: 'Buy cheap watches', website: 'http://spam.example' }, ip);
    expect(robot.status).toBe(303);
    const empty = await answer(url, { answer: '   ' }, ip);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Please write your answer in the box before you send it.');
    expect((await answer(url, { answer: 'Good' }, ip)).status).toBe(303);
    expect((await answer(url, { answer: 'Good again' }, ip)).status).toBe(303);
    // The fifth answer from one address within the hour (FEEDBACK_ANSWERS_PER_ADDRESS_PER_HOUR=4), robots' too.
    const limited = await answer(url, { answer: 'And again' }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const evaluation = dataOf(await server.gql(EVALUATION, { id: w.evaluation.id }, org.as)).node;
    expect(evaluation.involvements.map((i: { summary: string }) => i.summary).sort()).toEqual(['Good', 'Good again']);
  });

  it('another organisation can neither see nor close a link, and a published evaluation’s form takes no answers', async () => {
    const org = await buildOrganisation(server);
    const intruder = await buildOrganisation(server);
    const w = await world(org);
    const { url, id } = await openForm(org, w.evaluation.id, w.voices.id);
    expect(errorCode(await server.gql(`mutation ($id: ID!) { closeFeedbackLink(id: $id) { open } }`, { id }, intruder.as))).toBe('NOT_FOUND');
    expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, intruder.as)).node).toBeNull();
    expect(errorCode(await server.gql(OPEN, { input: { evaluationId: w.evaluation.id, partnerId: w.voices.id } }, intruder.as))).toBe('NOT_FOUND');

    expect((await answer(url, { answer: 'Before publishing' })).status).toBe(303);
    dataOf(await server.gql(`mutation ($id: ID!) { publishEvaluation(id: $id) { status } }`, { id: w.evaluation.id }, org.as));
    const page = await (await fetch(url)).text();
    expect(page).toContain('This form is not taking answers at the moment.');
    expect((await answer(url, { answer: 'After publishing' })).status).toBe(409);
    const evaluation = dataOf(await server.gql(EVALUATION, { id: w.evaluation.id }, org.as)).node;
    expect(evaluation.involvements.map((i: { summary: string }) => i.summary)).toEqual(['Before publishing']);
  });
});

describeWithBrowser('the feedback form in Chromium', () => {
  const browser = useChromium();

  it('is answered with the keyboard alone, without an account, and is accessible', async () => {
    const org = await buildOrganisation(server);
    const w = await world(org);
    const { url } = await openForm(org, w.evaluation.id, w.voices.id);
    const page = await browser.newPage();
    await page.goto(url);
    await expectAccessible(page, 'feedback form');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('answer');
    // Sending nothing says what to do, next to the box.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send my answer');
    await page.keyboard.press('Enter');
    await page.locator('#answer-error', { hasText: 'Please write your answer' }).waitFor();
    await expectAccessible(page, 'feedback form with an error');
    await page.locator('#answer').fill('The staff listen to me.');
    await page.locator('button', { hasText: 'Send my answer' }).click();
    await page.locator('.thanks', { hasText: 'Thank you. We have your answer.' }).waitFor();
    await expectAccessible(page, 'feedback form, sent');
    await page.context().close();
    const evaluation = dataOf(await server.gql(EVALUATION, { id: w.evaluation.id }, org.as)).node;
    expect(evaluation.involvements.map((i: { summary: string }) => i.summary)).toEqual(['The staff listen to me.']);
  });
});
