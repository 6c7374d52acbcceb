import { useEffect, useState } from 'preact/hooks';

/**
 * Where the page is: client-side routes in the address bar's fragment (`#/projects/<id>`). Mails
 * link to `#/invitation/<token>` and `#/password-reset/<token>`: a fragment is never sent to a
 * server, so tokens stay out of access logs.
 */
export type Route =
  | { name: 'overview' }
  | { name: 'project'; id: string }
  | { name: 'new-project' }
  | { name: 'challenges' }
  | { name: 'activity'; project: string | null; type: string | null }
  | { name: 'celebrations'; project: string | null }
  | { name: 'decisions'; project: string | null }
  | { name: 'evaluation'; id: string }
  | { name: 'organisation' }
  | { name: 'partners' }
  | { name: 'principles' }
  | { name: 'settings' }
  | { name: 'sign-in' }
  | { name: 'sign-up' }
  | { name: 'organisations' }
  | { name: 'new-organisation' }
  | { name: 'invitation'; token: string }
  | { name: 'forgotten-password' }
  | { name: 'password-reset'; token: string };

/**
 * The route of a fragment (`#/projects/<id>`); anything unknown is the overview. The activity,
 * celebrations and decisions pages keep their filters after a `?` (`#/activity?project=<id>&type=stages`), so a
 * link or Back shows the same list.
 */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, first = '', second, ...rest] = path.split('/');
  const id = second && rest.length === 0 ? decodeURIComponent(second) : undefined;
  if (first === 'projects' && id === 'new') return { name: 'new-project' };
  if (first === 'projects' && id) return { name: 'project', id };
  if (first === 'challenges' && !second) return { name: 'challenges' };
  const filters = new URLSearchParams(query);
  if (first === 'activity' && !second) return { name: 'activity', project: filters.get('project') || null, type: filters.get('type') || null };
  if (first === 'celebrations' && !second) return { name: 'celebrations', project: filters.get('project') || null };
  if (first === 'decisions' && !second) return { name: 'decisions', project: filters.get('project') || null };
  if (first === 'evaluations' && id) return { name: 'evaluation', id };
  if (first === 'invitation' && id) return { name: 'invitation', token: id };
  if (first === 'password-reset') return id ? { name: 'password-reset', token: id } : { name: 'forgotten-password' };
  if ((first === 'organisation' || first === 'partners' || first === 'principles' || first === 'settings') && !second) return { name: first };
  if (first === 'sign-in' && !second) return { name: 'sign-in' };
  if (first === 'sign-up' && !second) return { name: 'sign-up' };
  if (first === 'organisations') return second === 'new' ? { name: 'new-organisation' } : { name: 'organisations' };
  return { name: 'overview' };
}

/** The current route, following the address bar. */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return parseRoute(hash);
}

/** Goes to `hash` without a new history entry (after signing in or out, Back should not return to the form). */
export function replaceRoute(hash: string): void {
  if (location.hash === hash || (hash === '' && !location.hash)) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The fragment of a page with filters: `#/activity?project=<id>`, the empty ones left out. */
export function filteredHash(page: 'activity' | 'celebrations' | 'decisions', filters: Record<string, string | null>): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}
