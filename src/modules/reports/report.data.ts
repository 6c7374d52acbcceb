import type { Context } from '../../context';
import { toGlobalId } from '../../common/global-id';
import { NotFoundError } from '../../errors';
import { Challenge } from '../challenges/challenge.entity';
import type { ChallengeStatus } from '../challenges/challenge.enums';
import { DecisionPartner } from '../decisions/decision-links.entity';
import { Decision } from '../decisions/decision.entity';
import { Evaluation } from '../evaluations/evaluation.entity';
import type { MeasureDirection } from '../evaluations/evaluation.enums';
import { Measure } from '../evaluations/measure.entity';
import { progressToTarget } from '../evaluations/measure.scoring';
import { Measurement } from '../evaluations/measurement.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { ProjectUpdate } from '../project-updates/project-update.entity';
import type { ProjectHealth } from '../project-updates/project-update.enums';
import { Project } from '../projects/project.entity';
import type { ProjectStatus } from '../projects/project.enums';
import { Celebration } from '../stages/celebration.entity';
import { isStageLate, todayUtc } from '../stages/progress';
import { Stage } from '../stages/stage.entity';
import { StageStatus } from '../stages/stage.enums';
import { dayInRange, momentInRange, utcDay, type ReportRange } from './report.range';

/** What a board report says of one project over its period. */
export interface ProjectReport {
  /** The global id. */
  id: string;
  name: string;
  status: ProjectStatus;
  startDate: string | null;
  targetDate: string | null;
  /** Progress now (not at the end of the period): stages as they stand. */
  progress: { total: number; done: number; inProgress: number; blocked: number; late: number; notStarted: number; percentComplete: number };
  /** The health of the latest update posted by the end of the period; null without one. */
  latestHealth: ProjectHealth | null;
  /** Updates posted in the period, oldest first: the status history. */
  updates: { postedOn: string; health: ProjectHealth; narrative: string }[];
  /** Celebrations in the period: a stage's completion with its message, and the thanks added to it since. */
  celebrations: { celebratedOn: string; stage: string; message: string | null }[];
  /** Challenges open at some time in the period: raised by its end and not closed before its start. */
  challenges: { raisedOn: string; raisedBy: string; status: ChallengeStatus; description: string; resolution: string | null; closedOn: string | null }[];
  /** Decisions taken in the period, oldest first. */
  decisions: { decidedOn: string; text: string; agreedBy: string[] }[];
  /** The measures of the project's evaluations (archived ones left out). */
  measures: ReportMeasure[];
}

export interface ReportMeasure {
  evaluation: string;
  name: string;
  unit: string | null;
  direction: MeasureDirection;
  baseline: number | null;
  target: number | null;
  /** The latest value ever recorded, whatever its date. */
  latest: { date: string; value: number } | null;
  /** Progress from baseline to target of the latest value, 0..1; null without baseline, target or value. */
  progressToTarget: number | null;
  /** Measurements dated in the period, oldest first. */
  measurements: { date: string; value: number; note: string | null }[];
}

/** A board report: the organisation's projects (or one) over a period. */
export interface BoardReport {
  organisation: string;
  range: ReportRange;
  generatedAt: Date;
  /** One project's report, or the organisation's (its projects that are not archived, by name). */
  scope: 'PROJECT' | 'ORGANISATION';
  projects: ProjectReport[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads a board report of the request's organisation: one project (NOT_FOUND when it is not the
 * organisation's), or every project not archived. All reads go through `ctx.read` (tenant-bound,
 * row-level security behind) in four rounds of a fixed number of statements, whatever the number of
 * projects: projects; their stages, updates, challenges, decisions and evaluations; celebrations,
 * decisions' partners, partners and measures; measurements. Rows are filtered to the period here:
 * the reads are by project, on the indexes the pages use.
 */
export async function readBoardReport(ctx: Context, scope: { projectId: string } | 'ORGANISATION', range: ReportRange, now: Date = new Date()): Promise<BoardReport> {
  const organisationId = ctx.db.organisationId;
  if (!organisationId) throw new Error('A board report is read for an organisation');
  const [organisation, projects] = await Promise.all([
    ctx.read.byId(Organisation, organisationId),
    scope === 'ORGANISATION'
      ? ctx.read.rows(Project, { where: { archivedAt: null }, order: { name: 'ASC', id: 'ASC' } })
      : ctx.read.rows(Project, { where: { id: scope.projectId } }),
  ]);
  if (scope !== 'ORGANISATION' && projects.length === 0) throw new NotFoundError('Project');
  const projectIds = projects.map((project) => project.id);

  const [stages, updates, challenges, decisions, evaluations] = await Promise.all([
    ctx.read.rows(Stage, { where: { projectId: projectIds }, order: { position: 'ASC', id: 'ASC' } }),
    ctx.read.rows(ProjectUpdate, { where: { projectId: projectIds }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ctx.read.rows(Challenge, { where: { projectId: projectIds }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ctx.read.rows(Decision, { where: { projectId: projectIds }, order: { decidedOn: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
    ctx.read.rows(Evaluation, { where: { projectId: projectIds }, order: { createdAt: 'ASC', id: 'ASC' } }),
  ]);
  const decisionsInRange = decisions.filter((decision) => dayInRange(decision.decidedOn, range));
  const challengesInRange = challenges.filter((c) => utcDay(c.createdAt) <= range.to && (c.closedAt === null || utcDay(c.closedAt) >= range.from));

  const [celebrations, agreements, measures] = await Promise.all([
    ctx.read.rows(Celebration, { where: { stageId: stages.map((stage) => stage.id) }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ctx.read.rows(DecisionPartner, { where: { decisionId: decisionsInRange.map((decision) => decision.id) } }),
    ctx.read.rows(Measure, { where: { evaluationId: evaluations.map((evaluation) => evaluation.id), archivedAt: null }, order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
  ]);
  const partnerIds = [...new Set([...agreements.map((a) => a.partnerId), ...challengesInRange.map((c) => c.raisedByPartnerId)])];
  const [partners, measurements] = await Promise.all([
    ctx.read.rows(Partner, { where: { id: partnerIds } }),
    ctx.read.rows(Measurement, { where: { measureId: measures.map((measure) => measure.id), archivedAt: null }, order: { date: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
  ]);

  const partnerName = new Map(partners.map((partner) => [partner.id, partner.name]));
  const stageById = new Map(stages.map((stage) => [stage.id, stage]));
  const evaluationById = new Map(evaluations.map((evaluation) => [evaluation.id, evaluation]));
  const today = todayUtc(now);
  const group = <T>(rows: readonly T[], key: (row: T) => string | undefined) => {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = key(row);
      if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    return (k: string) => groups.get(k) ?? [];
  };
  const stagesOf = group(stages, (s) => s.projectId);
  const updatesOf = group(updates, (u) => u.projectId);
  const challengesOf = group(challengesInRange, (c) => c.projectId);
  const decisionsOf = group(decisionsInRange, (d) => d.projectId);
  const celebrationsOf = group(celebrations, (c) => stageById.get(c.stageId)?.projectId);
  const agreedBy = group(agreements, (a) => a.decisionId);
  const measuresOf = group(measures, (m) => evaluationById.get(m.evaluationId)?.projectId);
  const measurementsOf = group(measurements, (m) => m.measureId);

  return {
    organisation: organisation?.name ?? '',
    range,
    generatedAt: now,
    scope: scope === 'ORGANISATION' ? 'ORGANISATION' : 'PROJECT',
    projects: projects.map((project): ProjectReport => {
      const counted = stagesOf(project.id).filter((stage) => stage.status !== StageStatus.CANCELLED);
      const count = (status: StageStatus) => counted.filter((stage) => stage.status === status).length;
      const done = count(StageStatus.DONE);
      const projectUpdates = updatesOf(project.id);
      return {
        id: toGlobalId('Project', project.id),
        name: project.name,
        status: project.status,
        startDate: project.startDate,
        targetDate: project.targetDate,
        progress: {
          total: counted.length,
          done,
          inProgress: count(StageStatus.IN_PROGRESS),
          blocked: count(StageStatus.BLOCKED),
          notStarted: count(StageStatus.NOT_STARTED),
          late: counted.filter((stage) => isStageLate(stage, today)).length,
          percentComplete: counted.length === 0 ? 0 : Math.round((1000 * done) / counted.length) / 10,
        },
        latestHealth: projectUpdates.filter((update) => utcDay(update.createdAt) <= range.to).at(-1)?.health ?? null,
        updates: projectUpdates
          .filter((update) => momentInRange(update.createdAt, range))
          .map((update) => ({ postedOn: utcDay(update.createdAt), health: update.health, narrative: update.narrative })),
        celebrations: celebrationsOf(project.id)
          .filter((celebration) => momentInRange(celebration.createdAt, range))
          .map((celebration) => ({ celebratedOn: utcDay(celebration.createdAt), stage: stageById.get(celebration.stageId)!.title, message: celebration.message })),
        challenges: challengesOf(project.id).map((c) => ({
          raisedOn: utcDay(c.createdAt),
          raisedBy: partnerName.get(c.raisedByPartnerId) ?? '',
          status: c.status,
          description: c.description,
          resolution: c.resolution,
          closedOn: c.closedAt ? utcDay(c.closedAt) : null,
        })),
        decisions: decisionsOf(project.id).map((decision) => ({
          decidedOn: decision.decidedOn,
          text: decision.text,
          agreedBy: agreedBy(decision.id)
            .map((agreement) => partnerName.get(agreement.partnerId) ?? '')
            .sort(byText),
        })),
        measures: measuresOf(project.id).map((measure): ReportMeasure => {
          const values = measurementsOf(measure.id);
          const latest = values.find((m) => m.id === measure.latestMeasurementId) ?? values.at(-1) ?? null;
          return {
            evaluation: evaluationById.get(measure.evaluationId)!.title,
            name: measure.name,
            unit: measure.unit,
            direction: measure.direction,
            baseline: measure.baseline,
            target: measure.target,
            latest: latest && { date: latest.date, value: latest.value },
            progressToTarget: progressToTarget(measure, latest?.value),
            measurements: values.filter((m) => dayInRange(m.date, range)).map((m) => ({ date: m.date, value: m.value, note: m.note })),
          };
        }),
      };
    }),
  };
}
