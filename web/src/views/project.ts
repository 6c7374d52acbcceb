import type { App, View } from '../app';
import { h } from '../dom';
import { formatDay, label } from '../format';
import { PROJECT, type Project } from '../queries';
import { progressBar } from './progress-bar';
import { progressFacts } from './overview';
import { stageItem } from './stage-item';

/** Each principle of the project with the partners who agreed it and those who have not yet. */
function principlesSection(project: Project): HTMLElement {
  const principles = [...project.principles].sort((a, b) => a.position - b.position);
  const names = (list: { partner: { name: string }; principle: { id: string } }[], principleId: string) =>
    list.filter((a) => a.principle.id === principleId).map((a) => a.partner.name);
  return h(
    'section',
    { class: 'panel principles', 'aria-labelledby': 'principles-heading' },
    h('h2', { id: 'principles-heading' }, 'Principles'),
    principles.length
      ? h(
          'ul',
          { class: 'principle-list' },
          principles.map((principle) => {
            const agreed = names(project.agreements, principle.id);
            const missing = names(project.missingAgreements, principle.id);
            // The same five names under every principle would bury the one that matters: who is missing.
            const everyone = missing.length === 0 && agreed.length > 0 && agreed.length === project.partners.length;
            return h(
              'li',
              { class: 'principle', 'data-principle-id': principle.id },
              h('h3', null, principle.title),
              h(
                'p',
                { class: 'agreed-by', title: agreed.join(', ') },
                h('span', { class: 'agreed-label' }, '✓ Agreed by '),
                everyone ? `all ${agreed.length} partners` : agreed.length ? agreed.join(', ') : 'nobody yet',
              ),
              missing.length ? h('p', { class: 'missing' }, h('strong', null, 'Not yet agreed by '), missing.join(', ')) : null,
            );
          }),
        )
      : h('p', { class: 'muted' }, 'No principles set for this project.'),
  );
}

function partnersSection(project: Project): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'partners-heading' },
    h('h2', { id: 'partners-heading' }, 'Partners'),
    h('ul', { class: 'plain-list' }, project.partners.map((p) => h('li', null, p.partner.name, h('span', { class: 'muted' }, ` · ${label(p.role)}`)))),
  );
}

function sideSections(project: Project): HTMLElement[] {
  const open = project.challenges.filter((c) => c.status === 'OPEN');
  return [
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'evaluations-heading' },
      h('h2', { id: 'evaluations-heading' }, 'Evaluation'),
      project.evaluations.length
        ? h('ul', { class: 'plain-list' }, project.evaluations.map((e) => h('li', null, h('a', { href: `#/evaluations/${encodeURIComponent(e.id)}` }, e.title), h('span', { class: 'muted' }, ` · ${label(e.status)}`))))
        : h('p', { class: 'muted' }, 'No evaluation yet.'),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'challenges-heading' },
      h('h2', { id: 'challenges-heading' }, 'Open challenges'),
      open.length
        ? h('ul', { class: 'plain-list challenges' }, open.map((c) => h('li', null, h('p', null, c.description), h('p', { class: 'muted small' }, `Raised by ${c.raisedBy.name} · ${c.principle.title}`))))
        : h('p', { class: 'muted' }, 'None.'),
    ),
  ];
}

/** A project's action plan, its progress, principles and agreements. */
export async function projectView(app: App, id: string): Promise<View> {
  const { project } = await app.gql<{ project: Project | null }>(PROJECT, { id });
  if (!project) {
    return { title: 'Not found', content: h('div', null, h('h1', { tabindex: -1 }, 'Project not found'), h('p', null, h('a', { href: '#/' }, 'Back to the overview'))) };
  }
  const stages = [...project.stages].sort((a, b) => a.position - b.position);
  const percent = Math.round(project.progress.percentComplete);
  const follows = new Set(['Project', 'Challenge', 'Partner', 'Principle', 'Evaluation']);
  return {
    title: project.name,
    follows: (change) => (change.kind === 'stage' ? change.projectId === project.id : follows.has(change.entityType)),
    content: h(
      'div',
      { class: 'project', 'data-project-id': project.id },
      h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Overview')),
      h('div', { class: 'page-head' },
        h('h1', { tabindex: -1 }, project.name),
        h('span', { class: `badge status status-${project.status.toLowerCase()}` }, label(project.status)),
      ),
      project.summary ? h('p', { class: 'lead' }, project.summary) : null,
      project.goals ? h('p', { class: 'muted' }, h('strong', null, 'Goals: '), project.goals) : null,
      h('p', { class: 'muted small' }, [project.startDate ? `Started ${formatDay(project.startDate)}` : null, project.targetDate ? `target ${formatDay(project.targetDate)}` : null].filter(Boolean).join(', ')),
      h('div', { class: 'progress-row' }, progressBar(percent, `${project.name}: ${percent}% complete`), h('span', { class: 'percent' }, `${percent}%`)),
      progressFacts(project.progress, project.challenges.filter((c) => c.status === 'OPEN').length),
      h('div', { class: 'project-grid' },
        h('section', { class: 'plan', 'aria-labelledby': 'plan-heading' },
          h('h2', { id: 'plan-heading' }, 'Action plan'),
          app.canWrite ? null : h('p', { class: 'muted small read-only-note' }, 'Read only: changes are made by members.'),
          stages.length ? h('ol', { class: 'stages' }, stages.map((stage, index) => stageItem(app, stage, index, stages.length))) : h('p', { class: 'muted' }, 'No stages yet.'),
        ),
        h('div', { class: 'project-side' }, principlesSection(project), partnersSection(project), ...sideSections(project)),
      ),
    ),
  };
}
