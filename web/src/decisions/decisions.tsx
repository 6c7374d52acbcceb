import { ProjectFilter } from '../activity/activity';
import { useHistory } from '../activity/history';
import { ShowOlder } from '../activity/show-older';
import { useDashboard, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { graphql } from '../gql';
import { filteredHash } from '../router';
import { DecisionList } from './decision-list';

const DECISIONS = graphql(`
  query DecisionLog($projectId: ID, $after: String) {
    decisions(first: 20, projectId: $projectId, after: $after) {
      totalCount
      pageInfo { hasNextPage }
      edges {
        cursor
        node {
          id decidedOn text createdAt recordedBy { id name } project { id name }
          agreedBy { id name } stages { id title } challenges { id description } principles { id title }
        }
      }
    }
  }
`);

const follows = (change: Change) => change.entityType === 'Decision';

function DecisionLog({ project }: { project: string | null }) {
  const history = useHistory(DECISIONS, { projectId: project }, follows, (data) => data.decisions);
  if (!history.edges) return history.error ? <ViewError error={history.error} retry={history.retry} /> : <p class="loading">Loading…</p>;
  return (
    <>
      <DecisionList id="decision-log" decisions={history.edges.map((edge) => edge.node)} />
      <ShowOlder history={history} id="decisions-older" list="decision-log" noun={['decision', 'decisions']} />
    </>
  );
}

/** The organisation's decision log, newest recorded first, or one project's (kept in the route), paged back and live. */
export function DecisionsView({ project }: { project: string | null }) {
  usePageShown('Decisions');
  const { organisationName } = useDashboard();
  return (
    <div class="history-page">
      <h1 tabIndex={-1}>Decisions</h1>
      <p class="muted">{`Every decision recorded in ${organisationName}'s projects, newest first.`}</p>
      <div class="history-filters">
        <ProjectFilter prefix="decisions" project={project} go={(value) => (location.hash = filteredHash('decisions', { project: value }))} />
      </div>
      <DecisionLog key={project} project={project} />
    </div>
  );
}
