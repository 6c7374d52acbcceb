import { label } from '../format';
import { graphql } from '../gql';
import type { ActivityHistoryQuery } from '../gql/graphql';
import { useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { filteredHash } from '../router';
import { Changes, entityLink } from './changes';
import { TYPE_GROUPS } from './event-types';
import { useHistory } from './history';
import { ShowOlder } from './show-older';
import { formatDateTime } from './when';
import { Select } from '../forms/controls';

const ACTIVITY = graphql(`
  query ActivityHistory($projectId: ID, $types: [String!], $after: String) {
    activity(newestFirst: true, first: 20, projectId: $projectId, types: $types, after: $after) {
      totalCount
      pageInfo { hasNextPage }
      edges {
        cursor
        node { cursor type occurredAt actor entityType entityId summary project { id name } changes { field from to } }
      }
    }
  }
`);

/** The project filter's choices: the organisation's projects. */
export const PROJECT_NAMES = graphql(`
  query ProjectNames {
    projects(first: 100) { nodes { id name } }
  }
`);

type Event = ActivityHistoryQuery['activity']['edges'][number]['node'];

const followsProjects = (change: Change) => change.kind === 'activity' && change.entityType === 'Project';

/** The project filter: a select of the organisation's projects, kept in the route by `go`. */
export function ProjectFilter({ prefix, project, go }: { prefix: string; project: string | null; go(project: string): void }) {
  const { data } = useLiveQuery(PROJECT_NAMES, {}, followsProjects);
  const options = (data?.projects.nodes ?? []).map((p) => ({ value: p.id, label: p.name }));
  // A link may name a project the list does not hold (archived, or past the first hundred); until the list has come, it is only loading.
  if (project && !options.some((option) => option.value === project)) options.push({ value: project, label: data ? 'The project in the link' : 'Loading projects…' });
  return <Select prefix={prefix} name="project" label="Project" empty="All projects" options={options} value={project} onChange={go} />;
}

function EventItem({ event }: { event: Event }) {
  const link = entityLink(event);
  return (
    <li class="history-item" tabIndex={-1} data-type={event.type}>
      <p class="history-summary">
        <span class="badge kind">{label(event.type)}</span> {event.summary ?? ''}
      </p>
      <p class="muted small history-meta">
        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
        {event.actor ? ` · ${event.actor}` : ''}
        {event.project ? (
          <>
            {' · '}
            <a class="history-project" href={`#/projects/${encodeURIComponent(event.project.id)}`}>
              {event.project.name}
            </a>
          </>
        ) : null}
        {link ? (
          <>
            {' · '}
            <a class="history-link" href={link.href}>
              {link.text}
            </a>
          </>
        ) : null}
      </p>
      <Changes changes={event.changes} />
    </li>
  );
}

function ActivityList({ project, type }: { project: string | null; type: string | null }) {
  // Stage changes carry their project; every other change may belong to any project.
  const follows = (change: Change) => !project || change.kind !== 'stage' || change.projectId === project;
  const history = useHistory(ACTIVITY, { projectId: project, types: type ? TYPE_GROUPS[type]!.types : null }, follows, (data) => data.activity);
  if (!history.edges) return history.error ? <ViewError error={history.error} retry={history.retry} /> : <p class="loading">Loading…</p>;
  return (
    <>
      {history.edges.length ? null : <p class="muted">{project || type ? 'Nothing of this kind has happened yet.' : 'Nothing has happened yet.'}</p>}
      <ol id="activity-list" class="history" aria-label="Activity, newest first">
        {history.edges.map(({ cursor, node }) => (
          <EventItem key={cursor} event={node} />
        ))}
      </ol>
      <ShowOlder history={history} id="activity-older" list="activity-list" noun={['event', 'events']} />
    </>
  );
}

/**
 * The organisation's activity log, newest first: when, who, the project, a link to what changed
 * and the changes themselves; filtered by project and kind of event (kept in the route), paged
 * back with "Show older", and live.
 */
export function ActivityView({ project, type }: { project: string | null; type: string | null }) {
  const group = type && TYPE_GROUPS[type] ? type : null;
  usePageShown('Activity');
  const go = (filters: { project: string | null; type: string | null }) => (location.hash = filteredHash('activity', filters));
  return (
    <div class="history-page">
      <h1 tabIndex={-1}>Activity</h1>
      <p class="muted">Every change in the organisation, newest first. New changes appear at the top as they happen.</p>
      <div class="history-filters">
        <ProjectFilter prefix="activity" project={project} go={(value) => go({ project: value, type: group })} />
        <Select
          prefix="activity"
          name="type"
          label="Kind of change"
          empty="All kinds"
          options={Object.entries(TYPE_GROUPS).map(([value, { label }]) => ({ value, label }))}
          value={group}
          onChange={(value) => go({ project, type: value })}
        />
      </div>
      <ActivityList key={`${project} ${group}`} project={project} type={group} />
    </div>
  );
}
