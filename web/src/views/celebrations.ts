import { h } from '../dom';
import type { StageEvent } from '../queries';

const SHOW_FOR_MS = 20_000;
const AT_MOST = 3;

/**
 * The celebration banner: every completed stage of the organisation, whoever completed it. The
 * region is in the page from the start and is `aria-live`, so screen readers announce each one.
 */
export function createCelebrations(): { element: HTMLElement; show(event: StageEvent): void } {
  const element = h('section', { class: 'celebrations', 'aria-live': 'polite', 'aria-label': 'Celebrations' });
  return {
    element,
    show(event) {
      const banner = h(
        'div',
        { class: 'celebration', 'data-stage-id': event.stage.id },
        h('span', { class: 'celebration-icon', 'aria-hidden': 'true' }, '★'),
        h(
          'div',
          { class: 'celebration-body' },
          h('p', { class: 'celebration-title' }, 'Stage complete: ', h('strong', { class: 'celebration-stage' }, event.stage.title)),
          h('p', { class: 'celebration-meta' }, event.stage.owner ? h('span', { class: 'celebration-partner' }, event.stage.owner.name) : null, event.stage.owner ? ' · ' : null, event.project.name),
          event.celebration?.message ? h('p', { class: 'celebration-message' }, event.celebration.message) : null,
        ),
        h('button', { type: 'button', class: 'button subtle', 'aria-label': `Dismiss the celebration of ${event.stage.title}`, onClick: () => banner.remove() }, 'Dismiss'),
      );
      element.prepend(banner);
      while (element.children.length > AT_MOST) element.lastElementChild?.remove();
      setTimeout(() => banner.remove(), SHOW_FOR_MS);
    },
  };
}
