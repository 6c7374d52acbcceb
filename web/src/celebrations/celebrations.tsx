import { useDashboard, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { graphql } from '../gql';
import type { CelebrationHistoryQuery } from '../gql/graphql';
import { ProjectFilter } from '../activity/activity';
import { useHistory } from '../activity/history';
import { ShowOlder } from '../activity/show-older';
import { formatDateTime } from '../activity/when';
import { filteredHash } from '../router';

const CELEBRATIONS = graphql(`
  query CelebrationHistory($projectId: ID, $after: String) {
    celebrations(first: 20, projectId: $projectId, after: $after) {
      totalCount
      pageInfo { hasNextPage }
      edges {
        cursor
        node {
          id message createdAt acknowledgedBy { id name }
          stage { id title completedAt completedBy { id name } project { id name } celebrations { id } }
        }
      }
    }
  }
`);

type Celebration = CelebrationHistoryQuery['celebrations']['edges'][number]['node'];

function CelebrationItem({ celebration }: { celebration: Celebration }) {
  const { stage } = celebration;
  // Completing a stage writes its first celebration (Stage.celebrations is oldest first); acknowledgements follow.
  const completion = stage.celebrations[0]?.id === celebration.id;
  return (
    <li class="history-item" tabIndex={-1}>
      <p class="history-summary">
        <span class="history-star" aria-hidden="true">
          ★
        </span>{' '}
        <strong class="celebration-stage">{stage.title}</strong>
        {' · '}
        <a class="history-project" href={`#/projects/${encodeURIComponent(stage.project.id)}`}>
          {stage.project.name}
        </a>
      </p>
      {celebration.message ? <p class="celebration-message">{celebration.message}</p> : null}
      <p class="muted small history-meta">
        {`${completion ? 'Completed' : 'Acknowledgement'} by ${celebration.acknowledgedBy?.name ?? 'an API key or a former member'}, `}
        <time dateTime={celebration.createdAt}>{formatDateTime(celebration.createdAt)}</time>
        {!completion && stage.completedAt ? (
          <>
            {` · completed${stage.completedBy ? ` by ${stage.completedBy.name}` : ''}, `}
            <time dateTime={stage.completedAt}>{formatDateTime(stage.completedAt)}</time>
          </>
        ) : null}
      </p>
    </li>
  );
}

function CelebrationList({ project }: { project: string | null }) {
  // A completion is a stage event (with its project); an acknowledgement is only in the log.
  const follows = (change: Change) => (change.kind === 'stage' ? !project || change.projectId === project : change.entityType === 'Stage');
  const history = useHistory(CELEBRATIONS, { projectId: project }, follows, (data) => data.celebrations);
  if (!history.edges) return history.error ? <ViewError error={history.error} retry={history.retry} /> : <p class="loading">Loading…</p>;
  return (
    <>
      {history.edges.length ? null : <p class="muted">No stage has been completed yet.</p>}
      <ol id="celebration-list" class="history" aria-label="Celebrations, newest first">
        {history.edges.map(({ cursor, node }) => (
          <CelebrationItem key={cursor} celebration={node} />
        ))}
      </ol>
      <ShowOlder history={history} id="celebrations-older" list="celebration-list" noun={['celebration', 'celebrations']} />
    </>
  );
}

/**
 * The lasting record of completions: every completion message and acknowledgement, newest first,
 * the organisation's or one project's (kept in the route), paged back and live.
 */
export function CelebrationsView({ project }: { project: string | null }) {
  usePageShown('Celebrations');
  const { organisationName } = useDashboard();
  return (
    <div class="history-page">
      <h1 tabIndex={-1}>Celebrations</h1>
      <p class="muted">{`Every completed stage of ${organisationName}, and every acknowledgement since, newest first.`}</p>
      <div class="history-filters">
        <ProjectFilter prefix="celebrations" project={project} go={(value) => (location.hash = filteredHash('celebrations', { project: value }))} />
      </div>
      <CelebrationList key={project} project={project} />
    </div>
  );
}
