import { s } from '../dom';
import { formatDay, formatNumber, formatShortDay } from '../format';
import type { Measure } from '../queries';

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 92, bottom: 34, left: 52 };

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

/**
 * A measure's measurements over time as an inline SVG line chart, with the baseline and target
 * as horizontal reference lines: one circle per measurement (and no other circles). Scales with
 * its container through the viewBox. Screen readers get a summary label; each point a title.
 */
export function measureChart(measure: Measure): SVGSVGElement {
  const points = [...measure.measurements].sort((a, b) => a.date.localeCompare(b.date));
  const values = [...points.map((p) => p.value), ...[measure.baseline, measure.target].filter((v): v is number => v !== null)];
  let low = values.length ? Math.min(...values) : 0;
  let high = values.length ? Math.max(...values) : 1;
  if (low === high) [low, high] = [low - 1, high + 1];
  const margin = (high - low) * 0.1;
  [low, high] = [low - margin, high + margin];

  const days = points.map((p) => dayNumber(p.date));
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 1;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (day: number) => (first === last ? PAD.left + plotWidth / 2 : PAD.left + ((day - first) / (last - first)) * plotWidth);
  const y = (value: number) => PAD.top + (1 - (value - low) / (high - low)) * plotHeight;
  const unit = measure.unit ? ` ${measure.unit}` : '';

  const reference = (value: number | null, name: string, className: string) =>
    value === null
      ? null
      : s(
          'g',
          { class: className },
          s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value) }),
          s('text', { x: WIDTH - PAD.right + 6, y: y(value) + 4 }, `${name} ${formatNumber(value)}`),
        );

  const ticks = [low + margin, (low + high) / 2, high - margin];
  const summary = points.length
    ? `${measure.name}: ${points.length} measurements from ${formatDay(points[0]!.date)} to ${formatDay(points.at(-1)!.date)}, latest ${formatNumber(points.at(-1)!.value)}${unit}; baseline ${measure.baseline ?? 'none'}, target ${measure.target ?? 'none'}.`
    : `${measure.name}: no measurements yet.`;

  return s(
    'svg',
    { class: 'measure-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': summary, 'data-measure-id': measure.id },
    s('g', { class: 'axis' },
      s('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
      s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: HEIGHT - PAD.bottom, y2: HEIGHT - PAD.bottom }),
      ticks.map((tick) => s('text', { x: PAD.left - 8, y: y(tick) + 4, 'text-anchor': 'end' }, formatNumber(Number(tick.toPrecision(3))))),
      points.length ? s('text', { x: x(first), y: HEIGHT - 10, 'text-anchor': first === last ? 'middle' : 'start' }, formatShortDay(points[0]!.date)) : null,
      points.length > 1 ? s('text', { x: x(last), y: HEIGHT - 10, 'text-anchor': 'end' }, formatShortDay(points.at(-1)!.date)) : null,
    ),
    reference(measure.baseline, 'Baseline', 'baseline'),
    reference(measure.target, 'Target', 'target'),
    points.length > 1 ? s('polyline', { class: 'series', points: points.map((p) => `${x(dayNumber(p.date))},${y(p.value)}`).join(' ') }) : null,
    points.map((p) =>
      s('circle', { class: 'point', cx: x(dayNumber(p.date)), cy: y(p.value), r: 5 }, s('title', null, `${formatDay(p.date)}: ${formatNumber(p.value)}${unit}${p.source ? ` (${p.source})` : ''}`)),
    ),
  );
}
