import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { hubFetcher } from './fetcher';
import 'graphiql/style.css';
import './page.css';

// The workers are bundled beside this script (web/graphiql/build.ts), which the page at /graphql
// loads as graphiql/graphiql.js: they are found relative to it, under any path prefix.
const scriptUrl = (document.currentScript as HTMLScriptElement).src;
const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
window.MonacoEnvironment = {
  getWorker: (_id, label) => new Worker(new URL(WORKERS[label] ?? 'editor.worker.js', scriptUrl)),
};

// The page is served at the GraphQL endpoint itself: requests go where it was loaded from.
const httpUrl = `${location.origin}${location.pathname}`;
const wsUrl = httpUrl.replace(/^http/, 'ws');

const DEFAULT_QUERY = `# Partnership Hub's GraphQL API. Operations run with the headers of the Headers tab below:
#
#   { "Authorization": "Bearer <token or API key>", "X-Organisation": "<organisation slug>" }
#
# LogIn (with no headers) gives a token; MyOrganisations (with the token) lists the slugs.
# Subscriptions run over a WebSocket at this same address, with the same headers.

mutation LogIn {
  logIn(input: { email: "you@example.org", password: "" }) {
    token
  }
}

query MyOrganisations {
  viewer {
    organisations {
      role
      organisation { slug name }
    }
  }
}
`;

const root = document.getElementById('graphiql')!;
// The "Loading" placeholder of index.html is not React's to reuse.
root.replaceChildren();
createRoot(root).render(
  createElement(GraphiQL, {
    fetcher: hubFetcher(httpUrl, wsUrl),
    defaultQuery: DEFAULT_QUERY,
    // Tabs and history hold what was typed, a password given to logIn included: kept for the
    // browser tab's life only, as the dashboard keeps its session (localStorage would keep it on disk).
    storage: sessionStorage,
  }),
);
