import { In } from 'typeorm';
import type { Context } from '../../context';
import { AppError, BadInputError, InvalidTransitionError, NotFoundError } from '../../errors';
import { changedFields, changedSet, staleVersionError } from '../../common/changes';
import { idOf, requireIdOf, toGlobalId } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/pagination';
import { optionalText } from '../../common/text';
import type { GraphQLResolveInfo } from 'graphql';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { recordActivity } from '../activity/activity.service';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { namedRepresentative, speakerData, speakerFor, speakerSummary } from '../partners/representative.service';
import { Stage } from '../stages/stage.entity';
import { StageStatus } from '../stages/stage.enums';
import { isFinalStageStatus } from '../stages/stage.transitions';
import { Agreement } from './agreement.entity';
import { currentAgreements, missingAgreements, sortAgreements } from './project.agreements';
import { ProjectPartnerRow } from './project-partner.entity';
import { ProjectPrinciple } from './project-principle.entity';
import { Project } from './project.entity';
import { ProjectStatus } from './project.enums';
import type {
  ChangeProjectStatusInput,
  CreateProjectInput,
  InvolvePartnerInput,
  ProjectsArgs,
  RecordAgreementInput,
  SetProjectPrinciplesInput,
  UpdateProjectInput,
} from './project.inputs';
import { isReadOnlyStatus, projectTransition } from './project.transitions';
import { agreementPrinciple, projectAgreements as projectAgreementRows, projectPartners, projectPrinciples } from './project.relations';
import type { MissingAgreement } from './project.types';
import { assertCurrent, assertProjectNotArchived } from '../../common/archived';

// ---------------------------------------------------------------------------------------------
// Reads

/**
 * Pages through the organisation's projects, oldest first (keyset on created_at, id, see
 * src/read/pages.ts), optionally only those in one status. `totalCount` counts (with the same
 * filter) only when asked for. A malformed `after` is BAD_USER_INPUT.
 *
 * What the selection asks of the page's nodes (stages, their owners, evaluations and measures:
 * any declared relation, see src/read/relations.ts) is read in the page's own round trip, keyed to
 * the page (its conditions as SQL), and primed before the page is returned.
 */
export function listProjects(ctx: Context, args: ProjectsArgs, info?: GraphQLResolveInfo): Promise<Page<Project>> {
  // Archived projects leave the list (they stay readable by id, with their history).
  return ctx.read.page(Project, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where: { archivedAt: null, ...(args.status ? { status: args.status } : {}) } }, info);
}

/** The project with this global id in the request's organisation; null when malformed, missing or foreign. */
export async function getProject(ctx: Context, globalId: string): Promise<Project | null> {
  const id = idOf('Project', globalId);
  return id ? ctx.read.byId(Project, id) : null;
}

/**
 * What the agreement rule looks at, through the request's reader (batched across projects):
 * every agreement recorded, and the `current` ones, given to the wording their principle has now.
 */
async function agreementState(ctx: Context, projectId: string) {
  const project = { id: projectId };
  const [partners, principles, agreements] = await Promise.all([
    ctx.read.load(projectPartners, project),
    ctx.read.load(projectPrinciples, project),
    ctx.read.load(projectAgreementRows, project),
  ]);
  return { partnerIds: partners.map((p) => p.partnerId), principleIds: principles.map((p) => p.id), agreements, current: currentAgreements(agreements, principles) };
}

/** A project's agreements, current or not, by the partner's order of involvement, then principle position. */
export async function projectAgreements(ctx: Context, project: Project): Promise<Agreement[]> {
  const { partnerIds, principleIds, agreements } = await agreementState(ctx, project.id);
  return sortAgreements(agreements, partnerIds, principleIds);
}

/** Whether an agreement was given to the wording its principle has now (its version). */
export async function isAgreementCurrent(ctx: Context, agreement: Agreement): Promise<boolean> {
  const principle = await ctx.read.load(agreementPrinciple, agreement);
  return principle.version === agreement.principleVersion;
}

/**
 * The agreements a project still lacks: every involved partner times every principle, minus what
 * was signed to the principle's current wording (an agreement to an earlier one is missing again).
 */
export async function projectMissingAgreements(ctx: Context, project: Project): Promise<MissingAgreement[]> {
  const { partnerIds, principleIds, current } = await agreementState(ctx, project.id);
  return missingAgreements(partnerIds, principleIds, current);
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * Loads the project row FOR UPDATE inside the caller's transaction: every write to a project, its
 * partners, principles or agreements takes this lock first, so status checks and the agreement
 * rule see a state nobody else is changing. NOT_FOUND when missing or foreign.
 */
async function lockProject(ctx: Context, id: string): Promise<Project> {
  const project = await ctx.db.repo(Project).findOneForUpdate(id);
  if (!project) throw new NotFoundError('Project');
  assertProjectNotArchived(project);
  return project;
}

/** COMPLETED and CANCELLED projects are read-only: INVALID_TRANSITION. */
function assertWritable(project: Project): void {
  if (isReadOnlyStatus(project.status)) {
    throw new AppError('INVALID_TRANSITION', `The project is ${project.status} and can no longer be changed`, { status: project.status });
  }
}

/** A target date before the start date is BAD_USER_INPUT on `field`. Dates are 'YYYY-MM-DD', so they compare as strings. */
function assertDateOrder(startDate: string | null, targetDate: string | null, field: string): void {
  if (startDate && targetDate && targetDate < startDate) {
    throw new BadInputError('The target date cannot be before the start date', field);
  }
}

/** Creates a PROPOSED project. A target date before the start date is BAD_USER_INPUT (input.targetDate). */
export async function createProject(ctx: Context, input: CreateProjectInput): Promise<Project> {
  const fields = {
    name: input.name.trim(),
    summary: input.summary ?? null,
    goals: input.goals ?? null,
    startDate: input.startDate ?? null,
    targetDate: input.targetDate ?? null,
  };
  assertDateOrder(fields.startDate, fields.targetDate, 'input.targetDate');
  return ctx.db.transaction(async () => {
    const project = await ctx.db.repo(Project).insert({ ...fields, status: ProjectStatus.PROPOSED });
    const id = project.id;
    await recordActivity(ctx, {
      type: 'PROJECT_CREATED',
      entityType: 'Project',
      entityId: id,
      projectId: id,
      summary: `Created project ${project.name}`,
      data: { name: project.name, startDate: project.startDate, targetDate: project.targetDate },
    });
    return project;
  });
}

/**
 * Changes a project's details with optimistic concurrency: a stale `expectedVersion` is CONFLICT.
 * Omitted fields stay, explicit nulls clear (the name cannot be cleared: BAD_USER_INPUT). The date
 * rule is checked on the merged values. NOT_FOUND for a missing or foreign project,
 * INVALID_TRANSITION when it is COMPLETED or CANCELLED.
 */
export async function updateProject(ctx: Context, input: UpdateProjectInput): Promise<Project> {
  const id = requireIdOf('Project', input.id);
  const name = input.name;
  if (name === null) throw new BadInputError('A project must have a name', 'input.name');
  return ctx.db.transaction(async () => {
    const current = await lockProject(ctx, id);
    assertWritable(current);
    const patch: Partial<Pick<Project, 'name' | 'summary' | 'goals' | 'startDate' | 'targetDate'>> = {};
    if (name !== undefined) patch.name = name.trim();
    if (input.summary !== undefined) patch.summary = input.summary;
    if (input.goals !== undefined) patch.goals = input.goals;
    if (input.startDate !== undefined) patch.startDate = input.startDate;
    if (input.targetDate !== undefined) patch.targetDate = input.targetDate;
    assertDateOrder(
      patch.startDate !== undefined ? patch.startDate : current.startDate,
      patch.targetDate !== undefined ? patch.targetDate : current.targetDate,
      input.targetDate !== undefined ? 'input.targetDate' : 'input.startDate',
    );
    const changed = Object.keys(patch);
    if (changed.length === 0) {
      if (current.version !== input.expectedVersion) throw staleVersionError(current.version, input.expectedVersion);
      return current;
    }
    const project = await ctx.db.repo(Project).updateVersioned(id, input.expectedVersion, patch);
    await recordActivity(ctx, {
      type: 'PROJECT_UPDATED',
      entityType: 'Project',
      entityId: id,
      projectId: id,
      summary: `Updated project ${project.name} (${changed.join(', ')})`,
      data: { changed, changes: changedFields(current, patch), version: project.version },
    });
    return project;
  });
}

/**
 * Involves a partner in a project with a role; involving it again changes the role (and keeps its
 * place in the order of involvement). NOT_FOUND for a missing or foreign project or partner;
 * INVALID_TRANSITION on a COMPLETED or CANCELLED project; LIMIT_REACHED past the partners a
 * project, or the projects a partner, may have.
 */
export async function involvePartner(ctx: Context, input: InvolvePartnerInput): Promise<Project> {
  const projectId = requireIdOf('Project', input.projectId);
  const partnerId = requireIdOf('Partner', input.partnerId);
  return ctx.db.transaction(async () => {
    const project = await lockProject(ctx, projectId);
    assertWritable(project);
    const partner = await ctx.read.byId(Partner, partnerId);
    if (!partner) throw new NotFoundError('Partner');
    assertCurrent(partner, 'partner', 'input.partnerId');
    const [existing] = await ctx.read.rows(ProjectPartnerRow, { where: { projectId, partnerId } });
    if (existing?.role === input.role) return project;
    if (existing) {
      await ctx.db.repo(ProjectPartnerRow).update({ id: existing.id }, { role: input.role });
    } else {
      // One round trip for both caps.
      const [ofProject, ofPartner] = await Promise.all([ctx.read.count(ProjectPartnerRow, { projectId }), ctx.read.count(ProjectPartnerRow, { partnerId })]);
      assertRoom(ofProject, LIST_CAPS.partnersPerProject, 'partners in a project');
      assertRoom(ofPartner, LIST_CAPS.projectsPerPartner, 'projects of one partner');
      // clock_timestamp(), not now(): partners involved in one request keep the order they were involved in.
      await ctx.db.query(
        'involve a partner',
        `INSERT INTO project_partners (organisation_id, project_id, partner_id, role, created_at)
         VALUES ($1, $2, $3, $4, clock_timestamp())`,
        [ctx.db.organisationId, projectId, partnerId, input.role],
      );
    }
    await recordActivity(ctx, {
      type: 'PARTNER_INVOLVED',
      entityType: 'Project',
      entityId: projectId,
      projectId,
      summary: existing ? `${partner.name} is now ${input.role} in ${project.name} (was ${existing.role})` : `${partner.name} involved in ${project.name} as ${input.role}`,
      data: { partnerId: partner.globalId, role: input.role, previousRole: existing?.role ?? null, changes: existing ? { role: { from: existing.role, to: input.role } } : {} },
    });
    return project;
  });
}

/**
 * Replaces the set of principles that underpin a project; agreements to principles no longer in
 * the set are deleted with them. NOT_FOUND for a missing or foreign project or principle;
 * INVALID_TRANSITION on a COMPLETED or CANCELLED project. Duplicated ids count once; more than
 * LIST_CAPS.principlesPerOrganisation is LIMIT_REACHED.
 */
export async function setProjectPrinciples(ctx: Context, input: SetProjectPrinciplesInput): Promise<Project> {
  const projectId = requireIdOf('Project', input.projectId);
  const principleIds = [...new Set(input.principleIds.map((id) => requireIdOf('Principle', id)))];
  assertRoom(0, LIST_CAPS.principlesPerOrganisation, 'principles in a project', principleIds.length);
  return ctx.db.transaction(async () => {
    const project = await lockProject(ctx, projectId);
    assertWritable(project);
    // A read that failed rejects (a database error, masked as INTERNAL_SERVER_ERROR); only a
    // principle the read did not find is NOT_FOUND.
    const principles = await ctx.read.byIds(Principle, principleIds);
    if (principles.some((p) => !p)) throw new NotFoundError('Principle');
    for (const principle of principles) assertCurrent(principle, 'principle', 'input.principleIds');
    const links = ctx.db.repo(ProjectPrinciple);
    const current = new Set((await ctx.read.rows(ProjectPrinciple, { where: { projectId } })).map((row) => row.principleId));
    const wanted = new Set(principleIds);
    const removed = [...current].filter((id) => !wanted.has(id));
    const added = principleIds.filter((id) => !current.has(id));
    if (removed.length === 0 && added.length === 0) return project;
    let agreementsDeleted = 0;
    if (removed.length > 0) {
      agreementsDeleted = await ctx.db.repo(Agreement).delete({ projectId, principleId: In(removed) });
      await links.delete({ projectId, principleId: In(removed) });
    }
    await links.insertMany(added.map((principleId) => ({ projectId, principleId })));
    await recordActivity(ctx, {
      type: 'PROJECT_PRINCIPLES_SET',
      entityType: 'Project',
      entityId: projectId,
      projectId,
      summary: `${project.name} now rests on ${principleIds.length} principle${principleIds.length === 1 ? '' : 's'}`,
      data: {
        added: added.map((id) => toGlobalId('Principle', id)),
        removed: removed.map((id) => toGlobalId('Principle', id)),
        agreementsDeleted,
        changes: { principleIds: changedSet('Principle', [...current], principleIds) },
      },
    });
    return project;
  });
}

/**
 * Records that a partner agreed some (by default all) of a project's principles, as they are worded
 * now (each agreement keeps the principle's version). Only the partner speaks for itself (see
 * {@link speakerFor}): a member linked to one of its representatives, or an ADMIN or OWNER naming
 * one (`representativeId`) and giving `evidence`, on its behalf; anyone else, and any API key, is
 * NOT_A_REPRESENTATIVE. The agreement's `signedBy` is the representative's name; `input.signedBy`
 * (the name as written on the signature) goes to the activity log. Signing again replaces the
 * partner's agreement to that principle with a current one (same id; what it replaced is in the
 * activity log). Returns the agreements signed, by principle position.
 *
 * Every id is resolved first, so another organisation's are NOT_FOUND before any other refusal:
 * NOT_FOUND for a missing or foreign project, partner, representative or principle; then
 * NOT_A_REPRESENTATIVE; BAD_USER_INPUT when evidence is missing on behalf (input.evidence), the
 * representative is another partner's (input.representativeId), the partner is not involved
 * (input.partnerId) or a principle is not the project's, or there is none to agree
 * (input.principleIds); INVALID_TRANSITION on a COMPLETED or CANCELLED project.
 */
export async function recordAgreement(ctx: Context, input: RecordAgreementInput): Promise<Agreement[]> {
  const projectId = requireIdOf('Project', input.projectId);
  const partnerId = requireIdOf('Partner', input.partnerId);
  const requested = input.principleIds ? [...new Set(input.principleIds.map((id) => requireIdOf('Principle', id)))] : null;
  const signedAs = input.signedBy.trim();
  const evidence = optionalText(input.evidence);
  return ctx.db.transaction(async () => {
    const project = await lockProject(ctx, projectId);
    const [partner, named, found] = await Promise.all([
      ctx.read.byId(Partner, partnerId),
      namedRepresentative(ctx, input.representativeId),
      requested ? ctx.read.byIds(Principle, requested) : [],
    ]);
    if (!partner) throw new NotFoundError('Partner');
    if (found.some((p) => !p)) throw new NotFoundError('Principle');
    assertCurrent(partner, 'partner', 'input.partnerId');
    assertCurrent(named, 'representative', 'input.representativeId');
    for (const principle of found) assertCurrent(principle, 'principle', 'input.principleIds');
    const speaker = await speakerFor(ctx, partner, named, evidence);
    assertWritable(project);
    if ((await ctx.read.count(ProjectPartnerRow, { projectId, partnerId })) === 0) {
      throw new BadInputError(`${partner.name} is not involved in this project`, 'input.partnerId');
    }
    const ofProject = await ctx.read.load(projectPrinciples, { id: projectId });
    let principles = ofProject;
    if (requested) {
      const wanted = new Set(requested);
      principles = ofProject.filter((p) => wanted.has(p.id));
      if (principles.length !== wanted.size) throw new BadInputError('Only principles of this project can be agreed to', 'input.principleIds');
    }
    if (principles.length === 0) throw new BadInputError('This project has no principles to agree to yet', 'input.principleIds');
    const principleIds = principles.map((p) => p.id);
    const replaced = await ctx.read.rows(Agreement, { where: { projectId, partnerId, principleId: principleIds } });
    const signedBy = speaker.representative.name;
    await ctx.db.query(
      'sign agreements',
      `INSERT INTO agreements (organisation_id, project_id, partner_id, principle_id, principle_version, signed_by, note,
                               representative_id, on_behalf, evidence, recorded_by_user_id, agreed_at)
       SELECT $1, $2, $3, t.principle_id, t.version, $6, $7, $8, $9, $10, $11, now()
         FROM unnest($4::uuid[], $5::int[]) AS t (principle_id, version)
       ON CONFLICT (organisation_id, project_id, partner_id, principle_id)
       DO UPDATE SET principle_version = EXCLUDED.principle_version, signed_by = EXCLUDED.signed_by, note = EXCLUDED.note,
                     representative_id = EXCLUDED.representative_id, on_behalf = EXCLUDED.on_behalf, evidence = EXCLUDED.evidence,
                     recorded_by_user_id = EXCLUDED.recorded_by_user_id, agreed_at = EXCLUDED.agreed_at`,
      [
        ctx.db.organisationId,
        projectId,
        partnerId,
        principleIds,
        principles.map((p) => p.version),
        signedBy,
        input.note ?? null,
        speaker.representative.id,
        speaker.onBehalf,
        speaker.evidence,
        ctx.auth.userId ?? null,
      ],
    );
    const agreements = await ctx.read.rows(Agreement, { where: { projectId, partnerId, principleId: principleIds } });
    const count = `${principleIds.length} principle${principleIds.length === 1 ? '' : 's'}`;
    await recordActivity(ctx, {
      type: 'AGREEMENT_RECORDED',
      entityType: 'Project',
      entityId: projectId,
      projectId,
      summary: `${partner.name} agreed ${count} of ${project.name} (${speakerSummary(speaker, 'signed by')})`,
      data: {
        partnerId: partner.globalId,
        principleIds: principles.map((p) => p.globalId),
        principleVersions: principles.map((p) => p.version),
        signedBy,
        signedAs,
        ...speakerData(speaker),
        replaced: replaced.map((a) => ({
          principleId: toGlobalId('Principle', a.principleId),
          principleVersion: a.principleVersion,
          signedBy: a.signedBy,
          onBehalf: a.onBehalf,
          agreedAt: a.agreedAt,
        })),
      },
    });
    return sortAgreements(agreements, [partnerId], principleIds);
  });
}

/**
 * The agreement rule, read after the project is locked: PRINCIPLES_NOT_AGREED (with
 * `extensions.missing` as global ids) unless the project has partners and principles and every
 * partner agreed every principle as it is worded now.
 */
async function assertAllAgreed(ctx: Context, projectId: string): Promise<void> {
  const { partnerIds, principleIds, current } = await agreementState(ctx, projectId);
  if (partnerIds.length === 0) {
    throw new AppError('PRINCIPLES_NOT_AGREED', 'A project cannot start before a partner is involved in it', { missing: [] });
  }
  if (principleIds.length === 0) {
    throw new AppError('PRINCIPLES_NOT_AGREED', 'A project cannot start before it has principles for its partners to agree', { missing: [] });
  }
  const missing = missingAgreements(partnerIds, principleIds, current);
  if (missing.length > 0) {
    throw new AppError(
      'PRINCIPLES_NOT_AGREED',
      `Every involved partner must agree every principle of the project first: ${missing.length} agreement${missing.length === 1 ? ' is' : 's are'} missing`,
      { missing: missing.map((m) => ({ partnerId: toGlobalId('Partner', m.partnerId), principleId: toGlobalId('Principle', m.principleId) })) },
    );
  }
}

/**
 * The plan rule, read after the project is locked FOR UPDATE (every stage write holds the project
 * at least FOR SHARE, so no stage can change meanwhile): STAGES_OPEN, with
 * `extensions.openStageIds` (global ids, by position), while a stage is not DONE or CANCELLED.
 */
async function assertPlanDone(ctx: Context, projectId: string): Promise<void> {
  const openStatuses = Object.values(StageStatus).filter((status) => !isFinalStageStatus(status));
  const open = await ctx.read.rows(Stage, { where: { projectId, status: openStatuses }, order: { position: 'ASC', id: 'ASC' } });
  if (open.length === 0) return;
  throw new AppError(
    'STAGES_OPEN',
    `A project completes only when its plan does: ${open.length} stage${open.length === 1 ? ' is' : 's are'} not DONE or CANCELLED (${open.map((s) => `"${s.title}"`).join(', ')})`,
    { openStageIds: open.map((stage) => stage.globalId) },
  );
}

/** Moves a locked project to `to` along the state machine, bumping its version, and logs it. */
async function moveProject(ctx: Context, project: Project, to: ProjectStatus): Promise<Project> {
  const from = project.status;
  const transition = projectTransition(from, to);
  switch (transition) {
    case 'INVALID':
      throw new InvalidTransitionError('Project', from, to);
    case 'NEEDS_AGREEMENT':
      await assertAllAgreed(ctx, project.id);
      break;
    case 'NEEDS_PLAN_DONE':
      await assertPlanDone(ctx, project.id);
      break;
    case 'ALLOWED':
      break;
    default: {
      const never: never = transition;
      throw new Error(`Unknown transition ${String(never)}`);
    }
  }
  const updated = await ctx.db.repo(Project).updateVersioned(project.id, project.version, { status: to });
  const started = from === ProjectStatus.PROPOSED && to === ProjectStatus.ACTIVE;
  await recordActivity(ctx, {
    type: started ? 'PROJECT_STARTED' : 'PROJECT_STATUS_CHANGED',
    entityType: 'Project',
    entityId: project.id,
    projectId: project.id,
    summary: started ? `Started ${project.name}` : `${project.name} went from ${from} to ${to}`,
    data: { from, to, changes: { status: { from, to } } },
  });
  return updated;
}

/**
 * PROPOSED -> ACTIVE, only when every involved partner has agreed every principle of the project
 * (PRINCIPLES_NOT_AGREED with `extensions.missing` otherwise, also when it has no partner or no
 * principle). Any other status is INVALID_TRANSITION; a missing or foreign project NOT_FOUND.
 */
export async function startProject(ctx: Context, globalId: string): Promise<Project> {
  const id = requireIdOf('Project', globalId);
  return ctx.db.transaction(async () => {
    const project = await lockProject(ctx, id);
    if (project.status !== ProjectStatus.PROPOSED) throw new InvalidTransitionError('Project', project.status, ProjectStatus.ACTIVE);
    return moveProject(ctx, project, ProjectStatus.ACTIVE);
  });
}

/**
 * Moves a project along the state machine of docs/api.md (see {@link projectTransition}):
 * INVALID_TRANSITION otherwise (also for the same status); PROPOSED -> ACTIVE obeys the agreement
 * rule of {@link startProject}; COMPLETED needs every stage DONE or CANCELLED (STAGES_OPEN with
 * `extensions.openStageIds`). A missing or foreign project is NOT_FOUND.
 */
export async function changeProjectStatus(ctx: Context, input: ChangeProjectStatusInput): Promise<Project> {
  const id = requireIdOf('Project', input.id);
  return ctx.db.transaction(async () => moveProject(ctx, await lockProject(ctx, id), input.status));
}
