import type { CombinedError } from '@urql/core';
import { errorMessage } from './api';

/** A stale `expectedVersion` (CONFLICT), in words, with what to do. */
export const STALE = 'Someone else changed this in the meantime. Reload to see their change, then make yours again.';

/** Names of what a refusal's extensions point at by id: partners, principles, stages. */
export type Names = Map<string, string>;

/**
 * A refused change in words. The server's message says what rule refused it; what it lists by
 * id (`extensions.missing`, `extensions.openStageIds`) is named here, so nobody reads ids.
 */
export function refusal(error: CombinedError, names: Names): string {
  const first = error.graphQLErrors[0];
  if (!first) return errorMessage(error);
  const extensions = first.extensions as { code?: string; missing?: { partnerId: string; principleId: string }[]; openStageIds?: string[]; archived?: boolean };
  const name = (id: string) => names.get(id) ?? 'an item no longer shown';
  if (extensions.code === 'PRINCIPLES_NOT_AGREED' && extensions.missing?.length) {
    const byPartner = new Map<string, string[]>();
    for (const { partnerId, principleId } of extensions.missing) byPartner.set(partnerId, [...(byPartner.get(partnerId) ?? []), name(principleId)]);
    const lines = [...byPartner].map(([partnerId, principles]) => `${name(partnerId)} has not agreed ${principles.map((p) => `“${p}”`).join(', ')}`);
    return `The project cannot start yet: ${lines.join('; ')}.`;
  }
  if (extensions.code === 'STAGES_OPEN' && extensions.openStageIds?.length) {
    return `The project cannot complete while stages are open: ${extensions.openStageIds.map((id) => `“${name(id)}”`).join(', ')}. Complete or cancel them first.`;
  }
  if (extensions.archived) return 'This project is archived, so it cannot change. Restore it first.';
  if (extensions.code === 'CONFLICT' && /version/.test(first.message)) return STALE;
  return first.message;
}
