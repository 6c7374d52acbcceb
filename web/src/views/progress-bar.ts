import { h } from '../dom';

/** A labelled progress bar, 0 to 100. Width is set through the CSSOM (the CSP forbids inline styles). */
export function progressBar(percent: number, labelText: string): HTMLElement {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  const fill = h('span', { class: 'progress-fill' });
  fill.style.width = `${value}%`;
  return h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value, 'aria-label': labelText },
    fill,
  );
}
