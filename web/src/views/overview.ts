import type { App, View } from '../app';
import { h } from '../dom';
import { formatDay, label, plural } from '../format';
import { OVERVIEW, type OverviewPage, type Progress, type ProjectSummary } from '../queries';
import { progressBar } from './progress-bar';

/** "12 days since a stage was completed": how much momentum a plan has. */
export function momentum(progress: Progress): string {
  const days = progress.daysSinceLastCompletion;
  if (days === null) return 'No stage completed yet';
  if (days === 0) return 'A stage was completed today';
  return `${plural(days, 'day')} since a stage was completed`;
}

/** The headline numbers of a project, shared by the overview cards and the project page. */
export function progressFacts(progress: Progress, openChallenges: number): HTMLElement {
  const fact = (className: string, text: string, alert = false) => h('li', { class: `fact ${className}${alert ? ' alert' : ''}` }, text);
  return h(
    'ul',
    { class: 'facts' },
    fact('fact-done', `${progress.done} of ${plural(progress.total, 'stage')} done`),
    fact('fact-late', `${progress.late} late`, progress.late > 0),
    fact('fact-blocked', `${progress.blocked} blocked`, progress.blocked > 0),
    fact('fact-momentum', momentum(progress)),
    fact('fact-challenges', plural(openChallenges, 'open challenge'), openChallenges > 0),
  );
}

/** The stages someone in the room will ask about: under way, stuck, or overdue. */
function now(project: ProjectSummary): HTMLElement | null {
  const stages = (project.stages ?? []).filter((s) => s.status === 'IN_PROGRESS' || s.status === 'BLOCKED' || s.isLate);
  if (stages.length === 0) return null;
  return h(
    'ul',
    { class: 'now', 'aria-label': `${project.name}: under way, blocked or late` },
    stages.slice(0, 5).map((s) =>
      h(
        'li',
        null,
        h('span', { class: `badge status status-${s.status.toLowerCase()}` }, label(s.status)),
        s.isLate ? h('span', { class: 'badge late' }, 'Late') : null,
        ' ',
        s.title,
        s.status === 'BLOCKED' && s.blockedReason ? h('span', { class: 'muted' }, `: ${s.blockedReason}`) : null,
        s.dueDate && s.status !== 'BLOCKED' ? h('span', { class: 'muted' }, ` · due ${formatDay(s.dueDate)}`) : null,
      ),
    ),
  );
}

function card(project: ProjectSummary): HTMLElement {
  const percent = Math.round(project.progress.percentComplete);
  const open = project.challenges.filter((c) => c.status === 'OPEN').length;
  return h(
    'li',
    { class: 'card project-card', 'data-project-id': project.id },
    h('div', { class: 'card-head' },
      h('h2', null, h('a', { href: `#/projects/${encodeURIComponent(project.id)}` }, project.name)),
      h('span', { class: `badge status status-${project.status.toLowerCase()}` }, label(project.status)),
    ),
    project.summary ? h('p', { class: 'muted' }, project.summary) : null,
    h('div', { class: 'progress-row' }, progressBar(percent, `${project.name}: ${percent}% complete`), h('span', { class: 'percent' }, `${percent}%`)),
    progressFacts(project.progress, open),
    now(project),
    project.targetDate ? h('p', { class: 'muted small' }, `Target date ${formatDay(project.targetDate)}`) : null,
  );
}

/** Pages of 10 keep each request cheap under the organisation's shared query-cost budget. */
const MAX_PAGES = 10;

/** Every project of the organisation with its progress. */
export async function overviewView(app: App, organisationName: string): Promise<View> {
  const projects: ProjectSummary[] = [];
  let after: string | null = null;
  let more = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data: OverviewPage = await app.gql<OverviewPage>(OVERVIEW, { after });
    projects.push(...data.projects.nodes);
    more = data.projects.pageInfo.hasNextPage;
    after = data.projects.pageInfo.endCursor;
    if (!more) break;
  }
  return {
    title: 'Overview',
    // Progress moves with stages and open challenges; other changes do not show here.
    follows: (change) => change.kind === 'stage' || change.entityType === 'Project' || change.entityType === 'Challenge',
    content: h(
      'div',
      { class: 'overview' },
      h('h1', { tabindex: -1 }, organisationName),
      projects.length ? h('ul', { class: 'cards' }, projects.map(card)) : h('p', { class: 'muted' }, 'No projects yet.'),
      more ? h('p', { class: 'muted' }, `Showing the first ${projects.length} projects.`) : null,
    ),
  };
}
