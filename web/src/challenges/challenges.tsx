import { useState } from 'preact/hooks';
import { useDashboard, useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { graphql } from '../gql';
import { ChallengeItem } from './challenge-item';

const CHALLENGES = graphql(`
  query Challenges($after: String, $status: ChallengeStatus, $overdue: Boolean) {
    challenges(first: 10, after: $after, status: $status, overdue: $overdue) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id status description createdAt dueDate isOverdue onBehalf evidence resolution
        principle { id title } raisedBy { id name } representative { id name } owner { id name }
        concernsStage { id title } concernsPartner { id name } project { id name }
      }
    }
  }
`);

type Filter = 'all' | 'open' | 'overdue';
const FILTERS: [Filter, string][] = [
  ['all', 'All'],
  ['open', 'Open'],
  ['overdue', 'Overdue'],
];

const follows = (change: Change) => change.kind === 'activity' && change.entityType === 'Challenge';

/**
 * One page of the list, its own query: a new page or filter shows "Loading", never the last one's
 * rows under the new heading. Its buttons have ids, so focus comes back to the one used once the
 * new page is drawn.
 */
function ChallengePage({ filter, pages, setPages }: { filter: Filter; pages: (string | null)[]; setPages(pages: (string | null)[]): void }) {
  const { canWrite } = useDashboard();
  const after = pages[pages.length - 1] ?? null;
  const { data, error, retry } = useLiveQuery(CHALLENGES, { after, status: filter === 'open' ? 'OPEN' : null, overdue: filter === 'overdue' ? true : null }, follows);
  const list = data?.challenges;
  if (!list) return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  return (
    <>
      <p
        class="muted"
        role="status"
      >{`${list.totalCount} ${filter === 'all' ? '' : `${filter} `}challenge${list.totalCount === 1 ? '' : 's'}, newest first${pages.length > 1 ? `, page ${pages.length}` : ''}.`}</p>
      {list.nodes.length ? (
        <ul class="plain-list challenges">
          {list.nodes.map((c) => (
            <ChallengeItem key={c.id} challenge={c} writable={canWrite} showProject />
          ))}
        </ul>
      ) : null}
      <nav class="stage-actions" aria-label="Pages of challenges">
        {pages.length > 1 ? (
          <button type="button" id="challenges-previous" class="button subtle" onClick={() => setPages(pages.slice(0, -1))}>
            Previous page
          </button>
        ) : null}
        {list.pageInfo.hasNextPage && list.pageInfo.endCursor ? (
          <button type="button" id="challenges-next" class="button subtle" onClick={() => setPages([...pages, list.pageInfo.endCursor ?? null])}>
            Next page
          </button>
        ) : null}
      </nav>
    </>
  );
}

/** The organisation's challenges, newest first, ten to a page, all or only the open or overdue ones. */
export function ChallengesView() {
  const [filter, setFilter] = useState<Filter>('open');
  // Cursors of the pages before this one: "Previous page" goes back through them.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  usePageShown('Challenges');
  return (
    <div class="challenges-page">
      <h1 tabIndex={-1}>Challenges</h1>
      <fieldset class="options filters">
        <legend>Show</legend>
        {FILTERS.map(([value, text]) => (
          <label key={value} class="option">
            <input
              type="radio"
              name="challenge-filter"
              value={value}
              checked={filter === value}
              onChange={() => {
                setFilter(value);
                setPages([null]);
              }}
            />
            {text}
          </label>
        ))}
      </fieldset>
      <ChallengePage key={`${filter} ${pages.join(' ')}`} filter={filter} pages={pages} setPages={setPages} />
    </div>
  );
}
