import { label } from '../format';

const KINDS = ['MANAGEMENT', 'STAFF', 'TRADE_UNION', 'SERVICE_USERS', 'CARERS', 'COMMISSIONER', 'OTHER'] as const;

export type Kind = (typeof KINDS)[number];

export const KIND_CHOICES = KINDS.map((kind) => ({ value: kind, label: label(kind) }));
