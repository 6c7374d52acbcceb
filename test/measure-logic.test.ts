import { EvaluationStatus, MeasureDirection } from '../src/modules/evaluations/evaluation.enums';
import { assertCanPublish, assertCanReopen, assertOpenForChange, isFutureDay, speaksForServiceUsers, statusAfterEvidence } from '../src/modules/evaluations/evaluation.rules';
import { changeFromBaseline, progressToTarget } from '../src/modules/evaluations/measure.scoring';
import { PartnerKind } from '../src/modules/partners/partner.enums';

const { HIGHER_IS_BETTER: HIGHER, LOWER_IS_BETTER: LOWER } = MeasureDirection;

describe('changeFromBaseline', () => {
  it('is latest - baseline, signed and blind to direction', () => {
    expect(changeFromBaseline({ baseline: 10 }, 14)).toBe(4);
    expect(changeFromBaseline({ baseline: 10 }, 7.5)).toBe(-2.5);
    expect(changeFromBaseline({ baseline: -3 }, -3)).toBe(0);
  });

  it('is null without a latest value or a baseline', () => {
    expect(changeFromBaseline({ baseline: 10 }, null)).toBeNull();
    expect(changeFromBaseline({ baseline: 10 }, undefined)).toBeNull();
    expect(changeFromBaseline({ baseline: null }, 5)).toBeNull();
  });

  it('is null rather than Infinity when the difference overflows a double', () => {
    expect(changeFromBaseline({ baseline: -1.5e308 }, 1.5e308)).toBeNull();
  });
});

describe('progressToTarget', () => {
  it('HIGHER_IS_BETTER: (latest - baseline) / (target - baseline)', () => {
    const measure = { baseline: 60, target: 80, direction: HIGHER };
    expect(progressToTarget(measure, 60)).toBe(0);
    expect(progressToTarget(measure, 65)).toBe(0.25);
    expect(progressToTarget(measure, 70)).toBe(0.5);
    expect(progressToTarget(measure, 80)).toBe(1);
  });

  it('LOWER_IS_BETTER: (baseline - latest) / (baseline - target)', () => {
    const measure = { baseline: 12, target: 4, direction: LOWER };
    expect(progressToTarget(measure, 12)).toBe(0);
    expect(progressToTarget(measure, 10)).toBe(0.25);
    expect(progressToTarget(measure, 6)).toBe(0.75);
    expect(progressToTarget(measure, 4)).toBe(1);
  });

  it('clamps to 0 when things got worse and to 1 beyond the target', () => {
    expect(progressToTarget({ baseline: 60, target: 80, direction: HIGHER }, 50)).toBe(0);
    expect(progressToTarget({ baseline: 60, target: 80, direction: HIGHER }, 95)).toBe(1);
    expect(progressToTarget({ baseline: 12, target: 4, direction: LOWER }, 20)).toBe(0);
    expect(progressToTarget({ baseline: 12, target: 4, direction: LOWER }, 0)).toBe(1);
    expect(Object.is(progressToTarget({ baseline: 0, target: 5, direction: HIGHER }, -0), 0)).toBe(true);
  });

  it('works with negative and fractional values', () => {
    expect(progressToTarget({ baseline: -10, target: 10, direction: HIGHER }, 0)).toBe(0.5);
    expect(progressToTarget({ baseline: 0.3, target: 0.1, direction: LOWER }, 0.2)).toBeCloseTo(0.5, 12);
  });

  it('when the target equals the baseline: 1 if the latest meets it in the better direction, else 0', () => {
    expect(progressToTarget({ baseline: 5, target: 5, direction: HIGHER }, 5)).toBe(1);
    expect(progressToTarget({ baseline: 5, target: 5, direction: HIGHER }, 6)).toBe(1);
    expect(progressToTarget({ baseline: 5, target: 5, direction: HIGHER }, 4.99)).toBe(0);
    expect(progressToTarget({ baseline: 5, target: 5, direction: LOWER }, 5)).toBe(1);
    expect(progressToTarget({ baseline: 5, target: 5, direction: LOWER }, 4)).toBe(1);
    expect(progressToTarget({ baseline: 5, target: 5, direction: LOWER }, 5.01)).toBe(0);
  });

  it('is null without a latest value, a baseline or a target', () => {
    expect(progressToTarget({ baseline: 1, target: 2, direction: HIGHER }, null)).toBeNull();
    expect(progressToTarget({ baseline: 1, target: 2, direction: HIGHER }, undefined)).toBeNull();
    expect(progressToTarget({ baseline: null, target: 2, direction: HIGHER }, 1)).toBeNull();
    expect(progressToTarget({ baseline: 1, target: null, direction: LOWER }, 1)).toBeNull();
  });

  it('stays a number in 0..1 at the extremes of a double', () => {
    const max = Number.MAX_VALUE;
    expect(progressToTarget({ baseline: -max, target: max, direction: HIGHER }, 0)).toBe(0.5);
    expect(progressToTarget({ baseline: max, target: -max, direction: LOWER }, 0)).toBe(0.5);
    expect(progressToTarget({ baseline: -max, target: max, direction: HIGHER }, max)).toBe(1);
    expect(progressToTarget({ baseline: max, target: 0, direction: LOWER }, -max)).toBe(1);
    expect(progressToTarget({ baseline: 0, target: Number.MIN_VALUE, direction: HIGHER }, Number.MIN_VALUE)).toBe(1);
  });
});

describe('evaluation rules', () => {
  it('starts a DRAFT on its first evidence and leaves other statuses alone', () => {
    expect(statusAfterEvidence(EvaluationStatus.DRAFT)).toBe(EvaluationStatus.IN_PROGRESS);
    expect(statusAfterEvidence(EvaluationStatus.IN_PROGRESS)).toBe(EvaluationStatus.IN_PROGRESS);
    expect(statusAfterEvidence(EvaluationStatus.PUBLISHED)).toBe(EvaluationStatus.PUBLISHED);
  });

  it('takes changes until published, and is reopened only from PUBLISHED', () => {
    expect(() => assertOpenForChange(EvaluationStatus.DRAFT)).not.toThrow();
    expect(() => assertOpenForChange(EvaluationStatus.IN_PROGRESS)).not.toThrow();
    expect(() => assertOpenForChange(EvaluationStatus.PUBLISHED)).toThrow(expect.objectContaining({ code: 'EVALUATION_PUBLISHED' }));
    expect(() => assertCanReopen(EvaluationStatus.PUBLISHED)).not.toThrow();
    for (const status of [EvaluationStatus.DRAFT, EvaluationStatus.IN_PROGRESS]) {
      expect(() => assertCanReopen(status)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    }
  });

  it('calls a day after today a future day, today and before not', () => {
    expect(isFutureDay('2026-03-02', '2026-03-01')).toBe(true);
    expect(isFutureDay('2027-01-01', '2026-12-31')).toBe(true);
    expect(isFutureDay('2026-03-01', '2026-03-01')).toBe(false);
    expect(isFutureDay('2025-12-31', '2026-01-01')).toBe(false);
  });

  it('publishes once, and only with service-user involvement', () => {
    expect(() => assertCanPublish(EvaluationStatus.IN_PROGRESS, 1)).not.toThrow();
    expect(() => assertCanPublish(EvaluationStatus.DRAFT, 2)).not.toThrow();
    expect(() => assertCanPublish(EvaluationStatus.IN_PROGRESS, 0)).toThrow(expect.objectContaining({ code: 'SERVICE_USER_INVOLVEMENT_REQUIRED' }));
    expect(() => assertCanPublish(EvaluationStatus.PUBLISHED, 1)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('hears service users and carers only', () => {
    const heard = Object.values(PartnerKind).filter(speaksForServiceUsers);
    expect(heard.sort()).toEqual([PartnerKind.CARERS, PartnerKind.SERVICE_USERS]);
  });
});
