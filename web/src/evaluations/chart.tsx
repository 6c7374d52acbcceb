import { formatDay, formatNumber, formatShortDay } from '../format';
import type { Measure } from './evaluation';

const WIDTH = 600;
const HEIGHT = 200;
/** Room inside the drawing for a point's circle at the edge. */
const PAD = 8;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

/** The value axis: from a round number below every value to one above, in steps of a power of ten. */
function axis(values: number[]): [number, number] {
  let low = values.length ? Math.min(...values) : 0;
  let high = values.length ? Math.max(...values) : 1;
  if (low === high) [low, high] = [low - 1, high + 1];
  const step = 10 ** Math.floor(Math.log10(high - low));
  return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
}

/** A value with its measure's unit: "27 days". */
export function withUnit(value: number | null | undefined, unit: string | null | undefined): string {
  return value == null ? '–' : `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
}

/**
 * A measure's measurements over time: an SVG line chart (one circle per measurement, and no
 * other circles) with the baseline and target as reference lines. Its labels (the axis values,
 * the first and last dates, which line is which) are HTML text beside it, not SVG text: the drawing scales
 * with its container, and text inside it would shrink below a readable size on a phone.
 */
export function MeasureChart({ measure }: { measure: Measure }) {
  const points = [...measure.measurements].sort((a, b) => a.date.localeCompare(b.date));
  const [low, high] = axis([...points.map((p) => p.value), ...[measure.baseline, measure.target].filter((v): v is number => v != null)]);
  const days = points.map((p) => dayNumber(p.date));
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 1;
  const x = (day: number) => (first === last ? WIDTH / 2 : PAD + ((day - first) / (last - first)) * (WIDTH - 2 * PAD));
  const y = (value: number) => PAD + (1 - (value - low) / (high - low)) * (HEIGHT - 2 * PAD);
  const { unit } = measure;
  const firstPoint = points[0];
  const lastPoint = points.at(-1);
  const summary =
    firstPoint && lastPoint
      ? `${measure.name}: ${points.length} measurements from ${formatDay(firstPoint.date)} to ${formatDay(lastPoint.date)}, latest ${withUnit(lastPoint.value, unit)}; baseline ${withUnit(measure.baseline, unit)}, target ${withUnit(measure.target, unit)}.`
      : `${measure.name}: no measurements yet.`;
  const line = (value: number | null | undefined, className: string) =>
    value == null ? null : (
      <g class={className}>
        <line x1={0} x2={WIDTH} y1={y(value)} y2={y(value)} />
      </g>
    );
  return (
    <div class="chart">
      <div class="chart-y" aria-hidden="true">
        {[high, (low + high) / 2, low].map((tick) => (
          <span key={tick}>{formatNumber(tick)}</span>
        ))}
      </div>
      <svg class="measure-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} data-measure-id={measure.id}>
        <g class="axis">
          <line x1={0} x2={0} y1={0} y2={HEIGHT} />
          <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        </g>
        {line(measure.baseline, 'baseline')}
        {line(measure.target, 'target')}
        {points.length > 1 ? <polyline class="series" points={points.map((p) => `${x(dayNumber(p.date))},${y(p.value)}`).join(' ')} /> : null}
        {points.map((p) => (
          <circle key={p.id} class="point" cx={x(dayNumber(p.date))} cy={y(p.value)} r={6}>
            <title>{`${formatDay(p.date)}: ${withUnit(p.value, unit)}`}</title>
          </circle>
        ))}
      </svg>
      <div class="chart-x" aria-hidden="true">
        {firstPoint ? <span>{formatShortDay(firstPoint.date)}</span> : null}
        {lastPoint && points.length > 1 ? <span>{formatShortDay(lastPoint.date)}</span> : null}
      </div>
      <p class="chart-key" aria-hidden="true">
        <span class="key-baseline">{`Baseline ${withUnit(measure.baseline, unit)}`}</span>
        <span class="key-target">{`Target ${withUnit(measure.target, unit)}`}</span>
      </p>
    </div>
  );
}
