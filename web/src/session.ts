/**
 * Who the page acts as, kept in sessionStorage: for this tab only, gone when it closes. A kiosk
 * link's key is moved there from the address bar, so it is not left in history or on screen. A
 * user who has signed in but not yet chosen (or created) an organisation has no `organisation`.
 */
export type Session = { kind: 'user'; token: string; organisation?: string } | { kind: 'key'; token: string };

const STORAGE_KEY = 'partnership-hub.session';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return value && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Takes `?key=` from a kiosk link into the session and removes it from the address bar. */
export function takeKioskKey(): Session | null {
  const url = new URL(location.href);
  const key = url.searchParams.get('key');
  if (!key) return null;
  url.searchParams.delete('key');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const session: Session = { kind: 'key', token: key };
  saveSession(session);
  return session;
}
