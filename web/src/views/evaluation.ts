import type { App, View } from '../app';
import { h } from '../dom';
import { formatDay, formatNumber, label } from '../format';
import { EVALUATION, type Evaluation, type Measure } from '../queries';
import { measureChart } from './chart';
import { progressBar } from './progress-bar';

function measureFigure(measure: Measure): HTMLElement {
  const unit = measure.unit ? ` ${measure.unit}` : '';
  const progress = measure.progressToTarget === null ? null : Math.round(measure.progressToTarget * 100);
  const change = measure.changeFromBaseline;
  return h(
    'figure',
    { class: 'card measure', 'data-measure-id': measure.id },
    h('h2', null, measure.name),
    measureChart(measure),
    h(
      'figcaption',
      null,
      h('dl', { class: 'measure-facts' },
        h('div', null, h('dt', null, 'Latest'), h('dd', { class: 'measure-latest' }, measure.latest ? `${formatNumber(measure.latest.value)}${unit} on ${formatDay(measure.latest.date)}` : 'No measurement yet')),
        h('div', null, h('dt', null, 'Baseline → target'), h('dd', null, `${measure.baseline ?? '–'} → ${measure.target ?? '–'}${unit} (${measure.direction === 'LOWER_IS_BETTER' ? 'lower is better' : 'higher is better'})`)),
        change === null ? null : h('div', null, h('dt', null, 'Change from baseline'), h('dd', null, `${change > 0 ? '+' : ''}${formatNumber(change)}${unit}`)),
      ),
      progress === null
        ? null
        : h('div', { class: 'progress-row' }, progressBar(progress, `${measure.name}: ${progress}% of the way to target`), h('span', { class: 'percent measure-progress' }, `${progress}% to target`)),
    ),
  );
}

/** An evaluation's measures as charts, and the involvement of service users and carers. */
export async function evaluationView(app: App, id: string): Promise<View> {
  const { evaluation } = await app.gql<{ evaluation: Evaluation | null }>(EVALUATION, { id });
  if (!evaluation) {
    return { title: 'Not found', content: h('div', null, h('h1', { tabindex: -1 }, 'Evaluation not found'), h('p', null, h('a', { href: '#/' }, 'Back to the overview'))) };
  }
  const follows = new Set(['Evaluation', 'Measure', 'Measurement', 'Involvement']);
  return {
    title: evaluation.title,
    follows: (change) => follows.has(change.entityType),
    content: h(
      'div',
      { class: 'evaluation' },
      h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Overview'), ' › ', h('a', { href: `#/projects/${encodeURIComponent(evaluation.project.id)}` }, evaluation.project.name)),
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, evaluation.title), h('span', { class: 'badge status' }, label(evaluation.status))),
      evaluation.stage ? h('p', { class: 'muted' }, `Reviewed at the stage “${evaluation.stage.title}”`) : null,
      evaluation.measures.length ? h('div', { class: 'measures' }, evaluation.measures.map(measureFigure)) : h('p', { class: 'muted' }, 'No measures yet.'),
      h(
        'section',
        { class: 'panel involvement', 'aria-labelledby': 'involvement-heading' },
        h('h2', { id: 'involvement-heading' }, 'Service-user involvement'),
        evaluation.involvements.length
          ? h('ul', { class: 'plain-list' }, evaluation.involvements.map((i) => h('li', { class: 'involvement-item' }, h('p', null, i.summary), h('p', { class: 'muted small' }, `${i.partner.name} · ${formatDay(i.date)}`))))
          : h('p', { class: 'missing' }, 'No involvement of service users or carers recorded yet: the evaluation cannot be published without it.'),
      ),
    ),
  };
}
