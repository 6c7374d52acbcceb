/** One partner's signature to one principle, as far as the agreement rule cares. */
export interface AgreementPair {
  partnerId: string;
  principleId: string;
}

/**
 * The agreement rule of a project: every involved partner must have agreed every one of its
 * principles. Returns the pairs still missing, in partner order (as given: order of involvement)
 * then principle order (as given: position). Agreements of partners or principles not in the lists
 * are ignored.
 */
export function missingAgreements(partnerIds: readonly string[], principleIds: readonly string[], agreements: readonly AgreementPair[]): AgreementPair[] {
  const agreed = new Set(agreements.map((a) => `${a.partnerId}:${a.principleId}`));
  return partnerIds.flatMap((partnerId) => principleIds.filter((principleId) => !agreed.has(`${partnerId}:${principleId}`)).map((principleId) => ({ partnerId, principleId })));
}

/**
 * Orders agreements like the rule lists them: by the partner's order of involvement, then the
 * principle's position; anything unknown goes last in its original order.
 */
export function sortAgreements<T extends AgreementPair>(agreements: readonly T[], partnerIds: readonly string[], principleIds: readonly string[]): T[] {
  const partnerRank = new Map(partnerIds.map((id, index) => [id, index]));
  const principleRank = new Map(principleIds.map((id, index) => [id, index]));
  const rank = (map: Map<string, number>, id: string) => map.get(id) ?? Number.MAX_SAFE_INTEGER;
  return agreements
    .map((agreement, index) => ({ agreement, index }))
    .sort(
      (a, b) =>
        rank(partnerRank, a.agreement.partnerId) - rank(partnerRank, b.agreement.partnerId) ||
        rank(principleRank, a.agreement.principleId) - rank(principleRank, b.agreement.principleId) ||
        a.index - b.index,
    )
    .map(({ agreement }) => agreement);
}

/** An agreement with the version of the principle it was given to. */
export interface VersionedAgreement extends AgreementPair {
  principleVersion: number;
}

/**
 * The agreements that still count: given to the wording their principle has now (its version).
 * Agreements to principles not in the list are left out too (the rule ignores them anyway).
 */
export function currentAgreements<T extends VersionedAgreement>(agreements: readonly T[], principles: readonly { id: string; version: number }[]): T[] {
  const versions = new Map(principles.map((principle) => [principle.id, principle.version]));
  return agreements.filter((agreement) => versions.get(agreement.principleId) === agreement.principleVersion);
}
