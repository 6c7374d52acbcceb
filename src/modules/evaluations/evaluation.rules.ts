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

/** Measures can be added until the evaluation is published; after that it is INVALID_TRANSITION. */
export function assertCanAddMeasure(status: EvaluationStatus): void {
  switch (status) {
    case EvaluationStatus.DRAFT:
    case EvaluationStatus.IN_PROGRESS:
      return;
    case EvaluationStatus.PUBLISHED:
      throw new AppError('INVALID_TRANSITION', 'A published evaluation takes no new measures', { from: status });
    default: {
      const never: never = status;
      throw new Error(`Unknown evaluation status ${String(never)}`);
    }
  }
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
    throw new AppError(
      'SERVICE_USER_INVOLVEMENT_REQUIRED',
      'An evaluation cannot be published without service-user involvement: record at least one first',
    );
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
