import { lazyView } from '../lazy';
import type { Route } from '../router';

// The management pages load when first shown: a wall screen never downloads them.
const OrganisationView = lazyView(() => import('../organisation/organisation').then((m) => m.OrganisationView));
const PartnersView = lazyView(() => import('../partners/partners').then((m) => m.PartnersView));
const PrinciplesView = lazyView(() => import('../principles/principles').then((m) => m.PrinciplesView));

/** The organisation's own pages: every role may look (OBSERVERs without controls). */
export function manageView(route: Route) {
  if (route.name === 'organisation') return <OrganisationView />;
  if (route.name === 'partners') return <PartnersView />;
  if (route.name === 'principles') return <PrinciplesView />;
  return null;
}

const LINKS = [
  ['partners', 'Partners'],
  ['principles', 'Principles'],
  ['organisation', 'Members'],
] as const;

/** The header's links to these pages, the one shown marked as the current page. */
export function ManageLinks({ current }: { current: Route['name'] }) {
  return (
    <>
      {LINKS.map(([name, text]) => (
        <a key={name} href={`#/${name}`} aria-current={current === name ? 'page' : undefined}>
          {text}
        </a>
      ))}
    </>
  );
}
