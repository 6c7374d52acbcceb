import { relationsOf } from '../read/relations';
import { LimitReachedError } from '../errors';

/**
 * The most items each plain list of the schema can hold (catalogue 58). A plain list has no
 * `first`, so nothing but its cap bounds what a query of it reads, sends and costs: each cap is a
 * limit of the domain, refused when a create would pass it (LIMIT_REACHED, see {@link assertRoom};
 * the organisation's writes are serialised by its event-counter lock, so a count then an insert
 * cannot race), and, where the list hangs off the organisation or the caller rather than a row of
 * its own, also a LIMIT on the read. The query cost prices every list at its cap
 * (query-cost.ts, {@link LIST_FIELD_CAPS}), and each list field's description states it.
 *
 * Lists that can grow without a natural bound (projects, partners, activity) are connections.
 */
export const LIST_CAPS = {
  /** Query.principles, Project.principles: the TUC's six and the organisation's own; a handful in practice. */
  principlesPerOrganisation: 20,
  /** Organisation.members: the people who run the organisation's partnership work. */
  membersPerOrganisation: 500,
  /** Viewer.organisations: memberships shown to one user (read with a LIMIT: another organisation cannot count them). */
  organisationsPerUser: 50,
  /** Partner.representatives. */
  representativesPerPartner: 20,
  /** Membership.representing: the representatives one member is linked to (linkRepresentative refuses more). */
  representedPerMember: 10,
  /** Partner.projects: projects one partner is involved in. */
  projectsPerPartner: 100,
  /** Project.partners: partners involved in one project. */
  partnersPerProject: 20,
  /** Project.stages: one action plan. */
  stagesPerProject: 50,
  /** Stage.dependsOn: stages one stage waits for. */
  dependenciesPerStage: 10,
  /** Stage.celebrations. */
  celebrationsPerStage: 20,
  /** Project.challenges. */
  challengesPerProject: 50,
  /** Project.evaluations. */
  evaluationsPerProject: 5,
  /** Evaluation.measures. */
  measuresPerEvaluation: 10,
  /** Measure.measurements: five years of weekly values, or eight of monthly ones. */
  measurementsPerMeasure: 100,
  /** Evaluation.involvements. */
  involvementsPerEvaluation: 50,
  /** Organisation.invitations: pending invitations at once (inviteMember refuses more), and the newest shown of any status. */
  invitationsPerOrganisation: 100,
  /** Decision.agreedBy, .stages, .challenges, .principles: what one decision names of each (recordDecision refuses more). */
  linksPerDecision: 20,
  /** Query.archived: the most recently archived records shown of the types asked for. */
  archivedRecords: 100,
} as const;

/** One agreement per involved partner and project principle. */
export const AGREEMENTS_PER_PROJECT = LIST_CAPS.partnersPerProject * LIST_CAPS.principlesPerOrganisation;

/**
 * The plain list fields of the schema whose items are objects and which are not declared
 * relations (those carry their own cap, see src/read/relations.ts), by `Type.field`, with the most
 * items each can return. test/list-caps.test.ts checks that the schema has no other list.
 */
export const LIST_FIELD_CAPS: Readonly<Record<string, number>> = {
  'Query.principles': LIST_CAPS.principlesPerOrganisation,
  'Organisation.members': LIST_CAPS.membersPerOrganisation,
  'Organisation.invitations': LIST_CAPS.invitationsPerOrganisation,
  'Query.archived': LIST_CAPS.archivedRecords,
  'Viewer.organisations': LIST_CAPS.organisationsPerUser,
  'Membership.representing': LIST_CAPS.representedPerMember,
  'Project.agreements': AGREEMENTS_PER_PROJECT,
  'Project.missingAgreements': AGREEMENTS_PER_PROJECT,
  /** The fields one event changed: no entity has more. */
  'ActivityEvent.changes': 30,
  /** A ready-made set's principles: within the organisation's. */
  'Mutation.adoptPrincipleSet': LIST_CAPS.principlesPerOrganisation,
  /** The agreements one partner signs: one per project principle. */
  'Mutation.recordAgreement': LIST_CAPS.principlesPerOrganisation,
};

/**
 * Refuses a create that would take a list holding `count` items past `cap` (LIMIT_REACHED with
 * `extensions.limit`), e.g. `assertRoom(stages, LIST_CAPS.stagesPerProject, 'stages in a project')`.
 * Call it inside the write's transaction, after the organisation's writer lock.
 */
export function assertRoom(count: number, cap: number, what: string, adding = 1): void {
  if (count + adding > cap) throw new LimitReachedError(`At most ${cap} ${what}: this would make ${count + adding}`, cap);
}

/**
 * The most items the list field `Type.field` can return: what query-cost.ts prices it at; undefined
 * for a list nothing caps (which cannot be priced, and is refused).
 */
export function listFieldCap(typeName: string, fieldName: string): number | undefined {
  const relation = relationsOf(typeName)?.get(fieldName);
  if (relation && relation.expose !== false && (relation.kind === 'hasMany' || relation.kind === 'through')) return relation.cap;
  return LIST_FIELD_CAPS[`${typeName}.${fieldName}`];
}
