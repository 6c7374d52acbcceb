import { ApiError, graphqlOverHttp, type Credentials } from './api';
import { openDashboard } from './dashboard';
import { h } from './dom';
import { BOOT, type BootData } from './queries';
import { clearSession, loadSession, saveSession, takeKioskKey, type Session } from './session';
import { restoreTextSize } from './text-size';
import { signInView } from './views/sign-in';

const root = document.getElementById('app')!;

function showSignIn(notice?: string): void {
  document.title = 'Sign in · Partnership Hub';
  const main = h('main', { id: 'main', tabindex: -1, class: 'narrow' }, signInView(start, notice));
  root.replaceChildren(main);
  main.querySelector<HTMLInputElement>('input')?.focus();
}

function signOut(notice?: string): void {
  clearSession();
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  showSignIn(notice);
}

/** Checks the session with the server, learns the role, and opens the dashboard. */
async function start(session: Session): Promise<void> {
  saveSession(session);
  const credentials: Credentials = session.kind === 'user' ? { token: session.token, organisation: session.organisation } : { token: session.token };
  let boot: BootData;
  try {
    boot = await graphqlOverHttp(credentials)<BootData>(BOOT);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      return signOut(session.kind === 'key' ? 'This screen link is not valid any more. Ask an administrator for a new one, or sign in.' : 'Please sign in again.');
    }
    const retry = h('button', { type: 'button', class: 'button primary', onClick: () => void start(session) }, 'Try again');
    root.replaceChildren(h('main', { id: 'main', class: 'narrow' }, h('div', { class: 'card' }, h('h1', null, 'The dashboard could not load'), h('p', { role: 'alert' }, error instanceof Error ? error.message : 'Unknown error'), retry)));
    return;
  }
  const { viewer, organisation } = boot;
  const role = viewer.apiKey?.role ?? viewer.organisations.find((m) => m.organisation?.slug === organisation.slug)?.role ?? 'OBSERVER';
  openDashboard(root, {
    credentials,
    organisation,
    role,
    who: viewer.user?.name ?? `Screen: ${viewer.apiKey?.name ?? 'API key'}`,
    readOnlyScreen: session.kind === 'key',
    signOut,
  });
}

document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', (event) => {
  // The address bar's hash is the router's: focus the content without changing it.
  event.preventDefault();
  document.getElementById('main')?.focus();
});
restoreTextSize();
const session = takeKioskKey() ?? loadSession();
if (session) void start(session);
else showSignIn();
