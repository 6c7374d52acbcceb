import { AppError, InvalidTransitionError } from '../../errors';
import { PartnerKind } from '../partners/partner.enums';
import { EvaluationStatus } from './evaluation.enums';

/**
 * The status an evaluation takes when it gets its first evidence (a measurement or a service-user
 * involvement): a DRAFT starts, anything else stays where it is.
 */
export function statusAfterEvidence(status: EvaluationStatus): EvaluationStatus {
  switch (status) {
    case EvaluationStatus.DRAFT:
      return EvaluationStatus.IN_PROGRESS;
    case EvaluationStatus.IN_PROGRESS:
    case EvaluationStatus.PUBLISHED:
      return status;
    default: {
      const never: never = status;
      throw new Error(`Unknown evaluation status ${String(never)}`);
    }
  }
}

/**
 * A published evaluation is evidence for a board, frozen as it was published: nothing in it (its
 * measures, measurements, involvement) changes until an ADMIN reopens it. EVALUATION_PUBLISHED.
 */
export function assertOpenForChange(status: EvaluationStatus): void {
  switch (status) {
    case EvaluationStatus.DRAFT:
    case EvaluationStatus.IN_PROGRESS:
      return;
    case EvaluationStatus.PUBLISHED:
      throw new AppError('EVALUATION_PUBLISHED', 'This evaluation is published and cannot change: an ADMIN must reopen it first', { status });
    default: {
      const never: never = status;
      throw new Error(`Unknown evaluation status ${String(never)}`);
    }
  }
}

/** Reopening takes a PUBLISHED evaluation back to IN_PROGRESS; from anything else it is INVALID_TRANSITION. */
export function assertCanReopen(status: EvaluationStatus): void {
  switch (status) {
    case EvaluationStatus.PUBLISHED:
      return;
    case EvaluationStatus.DRAFT:
    case EvaluationStatus.IN_PROGRESS:
      throw new InvalidTransitionError('Evaluation', status, EvaluationStatus.IN_PROGRESS);
    default: {
      const never: never = status;
      throw new Error(`Unknown evaluation status ${String(never)}`);
    }
  }
}

/**
 * True when `day` ('YYYY-MM-DD') is after `today` (the same form, UTC as every date rule here):
 * a measurement records what was, so it cannot be dated in the future.
 */
export function isFutureDay(day: string, today: string): boolean {
  return day > today;
}

/**
 * Publishing: once only (INVALID_TRANSITION the second time), and never without service-user
 * involvement (SERVICE_USER_INVOLVEMENT_REQUIRED).
 */
export function assertCanPublish(status: EvaluationStatus, involvements: number): void {
  switch (status) {
    case EvaluationStatus.DRAFT:
    case EvaluationStatus.IN_PROGRESS:
      break;
    case EvaluationStatus.PUBLISHED:
      throw new InvalidTransitionError('Evaluation', status, EvaluationStatus.PUBLISHED);
    default: {
      const never: never = status;
      throw new Error(`Unknown evaluation status ${String(never)}`);
    }
  }
  if (involvements === 0) {
    throw new AppError('SERVICE_USER_INVOLVEMENT_REQUIRED', 'An evaluation cannot be published without service-user involvement: record at least one first');
  }
}

/** Only partners who speak for the people who use the service (or their carers) can be involved. */
export function speaksForServiceUsers(kind: PartnerKind): boolean {
  switch (kind) {
    case PartnerKind.SERVICE_USERS:
    case PartnerKind.CARERS:
      return true;
    case PartnerKind.MANAGEMENT:
    case PartnerKind.STAFF:
    case PartnerKind.TRADE_UNION:
    case PartnerKind.COMMISSIONER:
    case PartnerKind.OTHER:
      return false;
    default: {
      const never: never = kind;
      throw new Error(`Unknown partner kind ${String(never)}`);
    }
  }
}
