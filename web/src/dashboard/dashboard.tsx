import { Provider, useClient, useQuery } from '@urql/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApiClient, errorCode, errorMessage } from '../api';
import { graphql } from '../gql';
import type { BootQuery } from '../gql/graphql';
import { connectLive, type ConnectionState } from '../live';
import type { Route } from '../router';
import type { Session } from '../session';
import { TextSizeToggle } from '../text-size';
import { ActivityFeed, useActivityFeed } from './activity-feed';
import { Celebrations, useCelebrations } from './celebrations';
import { ConnectionIndicator } from './connection-indicator';
import { DashboardContext, createRefresher, type DashboardState } from './context';
import { ManageLinks, manageView } from '../manage/pages';
import { OverviewView } from './overview';
import { ProjectView } from './project';
import { recentActivity } from './recent-activity';
import { Wall } from '../wall/wall';
import { lazyView } from '../lazy';

// Pages opened now and then load when first shown: the overview, a project and the wall do not wait for them.
const EvaluationView = lazyView(() => import('../evaluations/evaluation').then((m) => m.EvaluationView));
const ChallengesView = lazyView(() => import('../challenges/challenges').then((m) => m.ChallengesView));
const NewProjectView = lazyView(() => import('../projects/new-project').then((m) => m.NewProjectView));
const ActivityView = lazyView(() => import('../activity/activity').then((m) => m.ActivityView));
const CelebrationsView = lazyView(() => import('../celebrations/celebrations').then((m) => m.CelebrationsView));
const DecisionsView = lazyView(() => import('../decisions/decisions').then((m) => m.DecisionsView));
const SettingsView = lazyView(() => import('../settings/settings').then((m) => m.SettingsView));

const BOOT = graphql(`
  query Boot {
    viewer {
      user { id name }
      organisations { id role organisation { id slug name } }
      apiKey { id name role }
    }
    organisation { id slug name }
  }
`);

const SIGN_OUT_EVERYWHERE = graphql(`mutation SignOutEverywhere { signOutEverywhere }`);

const FEED_SIZE = 30;
const SCREEN_ENDED = 'This screen link is not valid any more. Ask an administrator for a new one, or sign in.';

export interface DashboardProps {
  session: Session;
  route: Route;
  /** Called when the person signs out or the server stops accepting the credentials. */
  signOut(notice?: string): void;
}

/** The signed-in page for one organisation (or a screen's API key): checks the credentials, then shows the dashboard. */
export function Dashboard({ session, route, signOut }: DashboardProps) {
  const ended = useRef(false);
  const readOnlyScreen = session.kind === 'key';
  const end = (notice?: string) => {
    if (ended.current) return;
    ended.current = true;
    signOut(notice);
  };
  const client = useMemo(
    () =>
      createApiClient(session.kind === 'user' ? { token: session.token, organisation: session.organisation } : { token: session.token }, () =>
        end(readOnlyScreen ? SCREEN_ENDED : 'Your session has ended. Please sign in again.'),
      ),
    [session],
  );
  return (
    <Provider value={client}>
      <Boot session={session} route={route} end={end} />
    </Provider>
  );
}

function Boot({ session, route, end }: { session: Session; route: Route; end(notice?: string): void }) {
  const [{ data, error }, reexecute] = useQuery({ query: BOOT });
  const code = errorCode(error);
  const refused = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
  useEffect(() => {
    if (refused) end(session.kind === 'key' ? SCREEN_ENDED : 'Please sign in again.');
  }, [refused]);
  if (data) return <SignedIn boot={data} session={session} route={route} end={end} />;
  if (error && !refused) {
    document.title = 'The dashboard could not load · Partnership Hub';
    return (
      <main id="main" tabIndex={-1} class="narrow">
        <div class="card">
          <h1>The dashboard could not load</h1>
          <p role="alert">{errorMessage(error)}</p>
          <button type="button" class="button primary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  return (
    <main id="main" tabIndex={-1}>
      <p class="loading">Loading the dashboard…</p>
    </main>
  );
}

function SignedIn({ boot, session, route, end }: { boot: BootQuery; session: Session; route: Route; end(notice?: string): void }) {
  const client = useClient();
  const { viewer, organisation } = boot;
  const readOnlyScreen = session.kind === 'key';
  const role = viewer.apiKey?.role ?? viewer.organisations.find((m) => m.organisation?.slug === organisation.slug)?.role ?? 'OBSERVER';
  const [refresher] = useState(createRefresher);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [problem, setProblem] = useState('');
  const feed = useActivityFeed();
  const celebrations = useCelebrations();
  const lastFocusedId = useRef('');
  const navigated = useRef(false);
  const shownRoute = useRef(JSON.stringify(route));
  if (shownRoute.current !== JSON.stringify(route)) {
    shownRoute.current = JSON.stringify(route);
    navigated.current = true;
  }
  const context: DashboardState = useMemo(
    () => ({
      organisationName: organisation.name,
      canWrite: role === 'OWNER' || role === 'ADMIN' || role === 'MEMBER',
      role,
      person: Boolean(viewer.user),
      refresher,
      lastFocusedId,
      navigated,
    }),
    [organisation.name, role],
  );

  // The live connection: the recent activity first, then the subscriptions from its last cursor.
  // Handlers only call state setters and the refresher, which never change.
  useEffect(() => {
    let disposed = false;
    let live: { dispose(): void } | undefined;
    void (async () => {
      const recent = await recentActivity(client, FEED_SIZE).catch(() => ({ events: [], cursor: null, more: false }));
      recent.events.forEach(feed.add);
      if (disposed) return;
      live = connectLive({ token: session.token, organisation: session.kind === 'user' ? session.organisation : undefined }, recent.cursor, {
        onState: (state) => {
          setConnection(state);
          // The server closed the socket for good (expired token, revoked key, removed member):
          // ask over HTTP why, and send the person to sign in again if access really ended.
          if (state === 'stopped') {
            void client
              .query(BOOT, {}, { requestPolicy: 'network-only' })
              .toPromise()
              .then((result) => {
                const code = errorCode(result.error);
                if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') end(readOnlyScreen ? SCREEN_ENDED : 'Your access has ended. Please sign in again.');
              });
          }
        },
        onStageEvent: (event) => {
          if (event.type === 'STAGE_COMPLETED') celebrations.show(event);
          refresher.changed({ kind: 'stage', projectId: event.project.id, entityType: 'Stage' });
        },
        onActivity: (event) => {
          feed.add(event);
          // Stage changes arrive as stage events too, with their project: those decide. An
          // acknowledgement of a done stage has no stage event.
          if (event.entityType !== 'Stage' || event.type === 'STAGE_CELEBRATED') refresher.changed({ kind: 'activity', entityType: event.entityType });
        },
        onResumed: (cursorAtLoss) => {
          // Stage events are not replayed (only the log is), so reload, and say what was missed.
          refresher.refreshAll(true);
          void recentActivity(client, FEED_SIZE, cursorAtLoss).then(
            (missed) => feed.showMissed(missed.events, missed.more),
            () => undefined,
          );
        },
      });
    })();
    return () => {
      disposed = true;
      live?.dispose();
    };
  }, []);

  const signOutEverywhere = async () => {
    setProblem('');
    // Acts for the account, not the organisation: sent without X-Organisation.
    const result = await createApiClient({ token: session.token }).mutation(SIGN_OUT_EVERYWHERE, {}).toPromise();
    if (result.error) setProblem(errorMessage(result.error));
    else end('You are signed out on every device.');
  };

  // A kiosk link opens a wall screen: no forms or navigation, on the same live connection. A
  // screen sent to one page (a board room showing an evaluation) shows that page, read only.
  if (readOnlyScreen && route.name === 'overview') {
    return (
      <DashboardContext.Provider value={context}>
        <Wall connection={connection} celebrations={celebrations.shown} />
      </DashboardContext.Provider>
    );
  }

  const view =
    manageView(route) ??
    (route.name === 'project' ? <ProjectView key={route.id} id={route.id} /> : route.name === 'evaluation' ? <EvaluationView key={route.id} id={route.id} /> : <OverviewView />);
  const myView =
    route.name === 'new-project' ? <NewProjectView /> : route.name === 'challenges' ? <ChallengesView /> : route.name === 'settings' && viewer.user ? <SettingsView /> : null;
  const historyView =
    route.name === 'activity' ? (
      <ActivityView project={route.project} type={route.type} />
    ) : route.name === 'celebrations' ? (
      <CelebrationsView project={route.project} />
    ) : route.name === 'decisions' ? (
      <DecisionsView project={route.project} />
    ) : null;

  return (
    <DashboardContext.Provider value={context}>
      <header class="topbar">
        <div class="brand">
          <a href="#/" class="brand-name">
            Partnership Hub
          </a>
          <span class="org-name">{organisation.name}</span>
        </div>
        <nav aria-label="Main">
          <a href="#/">Overview</a>
          <a href="#/challenges">Challenges</a>
          <a href="#/activity" aria-current={route.name === 'activity' ? 'page' : undefined}>
            Activity
          </a>
          <a href="#/celebrations" aria-current={route.name === 'celebrations' ? 'page' : undefined}>
            Celebrations
          </a>
          <a href="#/decisions" aria-current={route.name === 'decisions' ? 'page' : undefined}>
            Decisions
          </a>
          <ManageLinks current={route.name} />
          {viewer.user ? <a href="#/organisations">Organisations</a> : null}
          {viewer.user ? (
            <a href="#/settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
              Your settings
            </a>
          ) : null}
        </nav>
        <div class="tools">
          <ConnectionIndicator state={connection} />
          <span class="who">
            {viewer.user?.name ?? `Screen: ${viewer.apiKey?.name ?? 'API key'}`}
            {readOnlyScreen || !context.canWrite ? <span class="badge read-only">Read only</span> : null}
          </span>
          <TextSizeToggle />
          {viewer.user ? (
            <button type="button" class="button subtle" onClick={() => void signOutEverywhere()}>
              Sign out everywhere
            </button>
          ) : null}
          <button type="button" class="button subtle" onClick={() => end()}>
            {readOnlyScreen ? 'Leave screen' : 'Sign out'}
          </button>
        </div>
      </header>
      <p class="error page-problem" role="alert">
        {problem}
      </p>
      <Celebrations shown={celebrations.shown} dismiss={celebrations.dismiss} />
      <div class="layout">
        <main
          id="main"
          tabIndex={-1}
          onFocusIn={(event) => {
            lastFocusedId.current = event.target instanceof HTMLElement ? event.target.id : '';
          }}
        >
          {historyView ?? myView ?? view}
        </main>
        <ActivityFeed state={feed.state} />
      </div>
    </DashboardContext.Provider>
  );
}
