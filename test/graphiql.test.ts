import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import type { Page } from 'playwright-core';
import { buildGraphiQL } from '../web/build';
import { connectionParamsOf, hubFetcher } from '../web/graphiql/fetcher';
import { ARTIFACTS, describeWithBrowser, useChromium } from './support/browser';
import { buildOrganisation } from './support/factories';
import { dataOf, untilSubscribed, useTestServer } from './support/harness';

/**
 * GraphiQL at `GET /graphql` (issue #17): served by the server itself to browsers outside
 * production, its script, stylesheet, font and workers too, with nothing from a CDN; the same URL
 * still answers GraphQL GETs and POSTs; in production it is not there. Its fetcher
 * (web/graphiql/fetcher.ts) runs here against the real server (HTTP and graphql-ws), and in
 * Chromium the page runs a query typed into it and a subscription.
 */

const GRAPHIQL_DIR = mkdtempSync(path.join(os.tmpdir(), 'ph-graphiql-'));
beforeAll(() => buildGraphiQL(GRAPHIQL_DIR), 120_000);
afterAll(() => rmSync(GRAPHIQL_DIR, { recursive: true, force: true }));

const server = useTestServer({ env: { GRAPHIQL_DIR } });
const production = useTestServer({ env: { NODE_ENV: 'production', GRAPHIQL_DIR } });

/** What Chromium sends when the address bar opens a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';
const ANY_URL = /https?:\/\//;
/** Where a page that loads from a CDN would load from. */
const CDN = /unpkg\.com|jsdelivr|esm\.sh|cdnjs|googleapis|gstatic|skypack|jspm\.io|cdn\./i;
const WORKERS = ['editor.worker.js', 'json.worker.js', 'graphql.worker.js'];

const openInBrowser = (url: string) => fetch(url, { headers: { accept: BROWSER_ACCEPT } });

async function fetchOk(url: string, type: RegExp): Promise<string> {
  const response = await fetch(url);
  expect({ url, status: response.status, type: response.headers.get('content-type') }).toEqual({ url, status: 200, type: expect.stringMatching(type) });
  return response.text();
}

describe('GraphiQL at GET /graphql, outside production', () => {
  it('is the page a browser gets, with its script, stylesheet, font and workers from this server and nothing from a CDN', async () => {
    const response = await openInBrowser(server.graphqlUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    // Scripts, workers and requests from this server only; styles too, plus the inline ones Monaco writes (src/web/graphiql.ts).
    const policy = Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '').split(/;\s*/).map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1).join(' ')]),
    );
    expect(policy).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'worker-src': "'self'",
      'connect-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'font-src': "'self' data:",
      'frame-ancestors': "'none'",
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toMatch(/accept/i);
    const html = await response.text();
    expect(html).not.toMatch(ANY_URL);

    const references = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((match) => match[1]!).filter((reference) => !reference.startsWith('data:'));
    expect(references.sort()).toEqual(['graphiql/graphiql.css', 'graphiql/graphiql.js']);
    const scriptUrl = new URL('graphiql/graphiql.js', server.graphqlUrl).href;
    const stylesheetUrl = new URL('graphiql/graphiql.css', server.graphqlUrl).href;
    const script = await fetchOk(scriptUrl, /^text\/javascript|^application\/javascript/);
    const css = await fetchOk(stylesheetUrl, /^text\/css/);
    expect(css).not.toMatch(ANY_URL);
    const fonts = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((match) => match[1]!).filter((reference) => !reference.startsWith('data:'));
    expect(fonts).toEqual([expect.stringMatching(/^\.\/codicon-\w+\.ttf$/)]);
    await fetchOk(new URL(fonts[0]!, stylesheetUrl).href, /^font\/ttf/);

    const texts = [html, css, script];
    for (const worker of WORKERS) {
      // The script asks for each worker by this name, beside itself (web/graphiql/main.ts).
      expect(script).toContain(`"${worker}"`);
      texts.push(await fetchOk(new URL(worker, scriptUrl).href, /^text\/javascript|^application\/javascript/));
    }
    for (const text of texts) expect(text).not.toMatch(CDN);
  });

  it('leaves a GET with a query, a GET asking for JSON and a POST to GraphQL', async () => {
    const query = encodeURIComponent('{ __typename }');
    // A GET with a query is GraphQL whatever it accepts; Apollo's CSRF check still asks it for a preflight header.
    const get = await fetch(`${server.graphqlUrl}?query=${query}`, { headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    const fromAddressBar = await openInBrowser(`${server.graphqlUrl}?query=${query}`);
    expect(fromAddressBar.status).toBe(400);
    expect(fromAddressBar.headers.get('content-type')).toMatch(/json/);
    const json = await fetch(server.graphqlUrl, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).not.toMatch(/html/);
    expect(json.status).toBe(400);
    expect(dataOf(await server.gql('{ __typename }'))).toEqual({ __typename: 'Query' });
  });

  it("runs queries with the header editor's headers over HTTP, and subscriptions with them over graphql-ws", async () => {
    const organisation = await buildOrganisation(server);
    const fetcher = hubFetcher(server.graphqlUrl, server.wsUrl);
    const headers = { Authorization: `Bearer ${organisation.owner.token}`, 'X-Organisation': organisation.slug };

    const query = 'query Who { viewer { user { email } } organisation { slug } }';
    const answer = await fetcher({ query, operationName: 'Who' }, { headers, documentAST: parse(query) });
    expect(answer).toMatchObject({ data: { viewer: { user: { email: organisation.owner.email } }, organisation: { slug: organisation.slug } } });

    const subscription = 'subscription Live { activity { type } }';
    const stream = (await fetcher({ query: subscription, operationName: 'Live' }, { headers, documentAST: parse(subscription) })) as AsyncIterable<unknown>;
    const events = stream[Symbol.asyncIterator]();
    const first = events.next();
    await untilSubscribed(server, organisation);
    dataOf(await server.gql(`mutation { createApiKey(input: { name: "GraphiQL" }) { apiKey { id } } }`, {}, organisation.as));
    expect((await first).value).toMatchObject({ data: { activity: { type: 'API_KEY_CREATED' } } });
    await events.return?.();
  });

  it('gives the WebSocket the credentials of the headers, whatever their case, and nothing else', () => {
    expect(connectionParamsOf({ authorization: 'Bearer a', 'x-organisation': 'acme', 'Idempotency-Key': 'k' })).toEqual({ authorization: 'Bearer a', organisation: 'acme' });
    expect(connectionParamsOf({ AUTHORIZATION: 'Bearer b', 'X-Organisation': 'acme', count: 3 })).toEqual({ authorization: 'Bearer b', organisation: 'acme' });
    expect(connectionParamsOf(undefined)).toEqual({});
  });
});

describe('in production', () => {
  it('is not served: a browser GET of /graphql answers as the endpoint always did, and the files are not there', async () => {
    const response = await openInBrowser(production.graphqlUrl);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(JSON.stringify(await response.json())).toMatch(/Cross-Site Request Forgery/);
    for (const file of ['graphiql/graphiql.js', 'graphiql/graphiql.css', `graphiql/${WORKERS[0]}`]) {
      expect({ file, status: (await fetch(new URL(file, production.graphqlUrl))).status }).toEqual({ file, status: 404 });
    }
    expect(dataOf(await production.gql('{ __typename }'))).toEqual({ __typename: 'Query' });
  });
});

/** Replaces the text of the Monaco editor inside `container` with `text`, as typed (Monaco's auto-closing brackets left out). */
async function typeInto(page: Page, container: string, text: string): Promise<void> {
  await page.locator(`${container} .monaco-editor`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/**
 * Types an operation into the query editor and runs it. GraphiQL reads the operation's name and
 * kind (a subscription goes over the WebSocket) a moment after the text changes: the tab taking
 * the new name says it has.
 */
async function run(page: Page, operation: string): Promise<void> {
  await typeInto(page, '.graphiql-query-editor', operation);
  await page.getByRole('tab', { name: /^(query|mutation|subscription) (\w+)/.exec(operation)![2] }).waitFor();
  await page.getByRole('button', { name: /^Execute query/ }).click();
}

describeWithBrowser('GraphiQL in Chromium', () => {
  const { newPage } = useChromium();

  it('runs a query typed into it with the headers typed into its header editor, then a subscription, loading nothing from elsewhere', async () => {
    const organisation = await buildOrganisation(server);
    const page = await newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${server.url}/`) && !url.startsWith(server.wsUrl) && !/^(data|blob):/.test(url)) elsewhere.push(url);
    });
    await page.goto(server.graphqlUrl);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });

    await page.locator('button[data-name="headers"]').click();
    await typeInto(
      page,
      'section[aria-label="Headers"] .graphiql-editor:not(.hidden)',
      JSON.stringify({ Authorization: `Bearer ${organisation.owner.token}`, 'X-Organisation': organisation.slug }),
    );
    await run(page, 'query Who { viewer { user { email } } organisation { slug } }');
    await page.locator('.graphiql-response .view-lines', { hasText: organisation.owner.email }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.graphiql-response .view-lines').textContent()).toContain(organisation.slug);
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-query.png') });

    await run(page, 'subscription Live { activity { type summary } }');
    await untilSubscribed(server, organisation);
    dataOf(await server.gql(`mutation { createApiKey(input: { name: "Wall in reception" }) { apiKey { id } } }`, {}, organisation.as));
    await page.locator('.graphiql-response .view-lines', { hasText: 'API_KEY_CREATED' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-subscription.png') });
    await page.getByRole('button', { name: /^Stop query/ }).click();
    expect(elsewhere).toEqual([]);
  });
});
