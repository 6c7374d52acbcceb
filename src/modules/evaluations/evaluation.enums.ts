import { registerEnumType } from 'type-graphql';

/** Where an evaluation is: DRAFT -> IN_PROGRESS -> PUBLISHED. */
export enum EvaluationStatus {
  DRAFT = 'DRAFT',
  IN_PROGRESS = 'IN_PROGRESS',
  PUBLISHED = 'PUBLISHED',
}

registerEnumType(EvaluationStatus, { name: 'EvaluationStatus', description: 'Where an evaluation is: DRAFT -> IN_PROGRESS -> PUBLISHED.' });

/** Which way a measure improves. */
export enum MeasureDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}

registerEnumType(MeasureDirection, { name: 'MeasureDirection', description: 'Which way a measure improves.' });
