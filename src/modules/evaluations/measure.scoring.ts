import { MeasureDirection } from './evaluation.enums';

/** What scoring needs of a measure: its baseline, target and which way is better. */
export interface ScoredMeasure {
  baseline: number | null;
  target: number | null;
  direction: MeasureDirection;
}

/**
 * `latest - baseline`, signed and not direction-aware. Null without a latest value or a baseline,
 * and when the difference of two extreme doubles is beyond what a double can hold.
 */
export function changeFromBaseline(measure: Pick<ScoredMeasure, 'baseline'>, latest: number | null | undefined): number | null {
  if (latest === null || latest === undefined || measure.baseline === null) return null;
  const change = latest - measure.baseline;
  return Number.isFinite(change) ? change : null;
}

/**
 * How far the latest value has come from the baseline towards the target, as a fraction clamped to
 * 0..1: HIGHER_IS_BETTER `(latest - baseline) / (target - baseline)`, LOWER_IS_BETTER
 * `(baseline - latest) / (baseline - target)`. When the target equals the baseline there is no
 * distance to cover: 1 if the latest value meets the target in the better direction, else 0.
 * Null without a latest value, a baseline or a target.
 */
export function progressToTarget(measure: ScoredMeasure, latest: number | null | undefined): number | null {
  const { baseline, target, direction } = measure;
  if (latest === null || latest === undefined || baseline === null || target === null) return null;
  let [gained, needed] = improvement(direction, baseline, target, latest, 1);
  if (!Number.isFinite(gained) || !Number.isFinite(needed)) {
    // Differences of doubles near ±1.8e308 overflow; halving every operand first cannot.
    [gained, needed] = improvement(direction, baseline, target, latest, 0.5);
  }
  if (needed === 0) return gained >= 0 ? 1 : 0;
  return clamp01(gained / needed);
}

/** [how much better the latest value is than the baseline, how much better the target is], scaled. */
function improvement(direction: MeasureDirection, baseline: number, target: number, latest: number, scale: number): [number, number] {
  switch (direction) {
    case MeasureDirection.HIGHER_IS_BETTER:
      return [latest * scale - baseline * scale, target * scale - baseline * scale];
    case MeasureDirection.LOWER_IS_BETTER:
      return [baseline * scale - latest * scale, baseline * scale - target * scale];
    default: {
      const never: never = direction;
      throw new Error(`Unknown measure direction ${String(never)}`);
    }
  }
}

function clamp01(value: number): number {
  if (value <= 0) return 0;
  if (value >= 1) return 1;
  return value;
}
