import { formatDay, label, plural } from '../format';
import { graphql } from '../gql';
import type { OverviewQuery } from '../gql/graphql';
import { useDashboard, useLiveQuery, usePageShown, type Change } from './context';
import { ViewError } from './not-found';
import { ProgressBar } from './progress-bar';
import { HealthBadge } from '../projects/status-updates';
import { BoardReport } from '../reports/board-report';

const OVERVIEW = graphql(`
  query Overview($after: String) {
    projects(first: 10, after: $after) {
      nodes {
        id name summary status targetDate
        latestUpdate { id health createdAt }
        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }
        challenges { id status }
        stages { id title status isLate dueDate blockedReason }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

type ProjectSummary = OverviewQuery['projects']['nodes'][number];
export type Progress = ProjectSummary['progress'];

/** Pages of 10 keep each request cheap under the organisation's shared query-cost budget. */
const MAX_PAGES = 10;

// Progress moves with stages and open challenges, the status with updates; other changes do not show here.
const follows = (change: Change) => change.kind === 'stage' || change.entityType === 'Project' || change.entityType === 'Challenge' || change.entityType === 'ProjectUpdate';

/** "12 days since a stage was completed": how much momentum a plan has. */
export function momentum(progress: Progress): string {
  const days = progress.daysSinceLastCompletion;
  if (days == null) return 'No stage completed yet';
  if (days === 0) return 'A stage was completed today';
  return `${plural(days, 'day')} since a stage was completed`;
}

/** The headline numbers of a project, shared by the overview cards and the project page. */
export function ProgressFacts({ progress, openChallenges }: { progress: Progress; openChallenges: number }) {
  const fact = (className: string, text: string, alert = false) => <li class={`fact ${className}${alert ? ' alert' : ''}`}>{text}</li>;
  return (
    <ul class="facts">
      {fact('fact-done', `${progress.done} of ${plural(progress.total, 'stage')} done`)}
      {fact('fact-late', `${progress.late} late`, progress.late > 0)}
      {fact('fact-blocked', `${progress.blocked} blocked`, progress.blocked > 0)}
      {fact('fact-momentum', momentum(progress))}
      {fact('fact-challenges', plural(openChallenges, 'open challenge'), openChallenges > 0)}
    </ul>
  );
}

/** The stages someone in the room will ask about: under way, stuck, or overdue. */
function Now({ project }: { project: ProjectSummary }) {
  const stages = project.stages.filter((s) => s.status === 'IN_PROGRESS' || s.status === 'BLOCKED' || s.isLate);
  if (stages.length === 0) return null;
  return (
    <ul class="now" aria-label={`${project.name}: under way, blocked or late`}>
      {stages.slice(0, 5).map((s) => (
        <li key={s.id}>
          <span class={`badge status status-${s.status.toLowerCase()}`}>{label(s.status)}</span>
          {s.isLate ? <span class="badge late">Late</span> : null} {s.title}
          {s.status === 'BLOCKED' && s.blockedReason ? <span class="muted">{`: ${s.blockedReason}`}</span> : null}
          {s.dueDate && s.status !== 'BLOCKED' ? <span class="muted">{` · due ${formatDay(s.dueDate)}`}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Card({ project }: { project: ProjectSummary }) {
  const percent = Math.round(project.progress.percentComplete);
  const open = project.challenges.filter((c) => c.status === 'OPEN').length;
  return (
    <li class="card project-card" data-project-id={project.id}>
      <div class="card-head">
        <h2>
          <a href={`#/projects/${encodeURIComponent(project.id)}`}>{project.name}</a>
        </h2>
        <span class={`badge status status-${project.status.toLowerCase()}`}>{label(project.status)}</span>
      </div>
      {project.latestUpdate ? (
        <p class="card-health">
          <span class="muted small">Latest status: </span>
          <HealthBadge health={project.latestUpdate.health} />
        </p>
      ) : null}
      {project.summary ? <p class="muted">{project.summary}</p> : null}
      <div class="progress-row">
        <ProgressBar percent={percent} label={`${project.name}: ${percent}% complete`} />
        <span class="percent">{`${percent}%`}</span>
      </div>
      <ProgressFacts progress={project.progress} openChallenges={open} />
      <Now project={project} />
      {project.targetDate ? <p class="muted small">{`Target date ${formatDay(project.targetDate)}`}</p> : null}
    </li>
  );
}

/** One page of project cards, followed by the next page (each its own query, cached and reloaded on its own). */
function ProjectsPage({ after, page }: { after: string | null; page: number }) {
  const { data, error, retry } = useLiveQuery(OVERVIEW, { after }, follows);
  if (!data) {
    if (page > 0) return null;
    return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  }
  const { nodes, pageInfo } = data.projects;
  const cards = nodes.map((project) => <Card key={project.id} project={project} />);
  const next =
    pageInfo.hasNextPage && page + 1 < MAX_PAGES ? (
      <ProjectsPage after={pageInfo.endCursor ?? null} page={page + 1} />
    ) : pageInfo.hasNextPage ? (
      <li class="muted">{`Showing the first ${MAX_PAGES * 10} projects.`}</li>
    ) : null;
  if (page > 0)
    return (
      <>
        {cards}
        {next}
      </>
    );
  return nodes.length ? (
    <ul class="cards">
      {cards}
      {next}
    </ul>
  ) : (
    <p class="muted">No projects yet.</p>
  );
}

/** Every project of the organisation with its progress. */
export function OverviewView() {
  const { organisationName, canWrite, person } = useDashboard();
  usePageShown('Overview');
  return (
    <div class="overview">
      <h1 tabIndex={-1}>{organisationName}</h1>
      {canWrite ? (
        <p>
          <a href="#/projects/new" class="button primary">
            New project
          </a>
        </p>
      ) : null}
      <ProjectsPage after={null} page={0} />
      {person ? <BoardReport /> : null}
    </div>
  );
}
