import { formatDay, label, plural } from '../format';
import { filteredHash } from '../router';
import { graphql } from '../gql';
import type { ProjectQuery } from '../gql/graphql';
import { ProjectChallenges } from '../challenges/project-challenges';
import { NewEvaluation } from '../evaluations/new-evaluation';
import { AddStage } from '../plan/add-stage';
import { Plan } from '../plan/plan';
import { Agreements } from '../projects/agreements';
import { ProjectPartners } from '../projects/partners';
import { ProjectControls } from '../projects/project-controls';
import { ProjectDecisions } from '../projects/decisions';
import { StatusUpdates } from '../projects/status-updates';
import { BoardReport } from '../reports/board-report';
import type { Names } from '../refusal';
import { useDashboard, useLiveQuery, usePageShown, type Change } from './context';
import { NotFound, ViewError } from './not-found';
import { ProgressFacts } from './overview';
import { ProgressBar } from './progress-bar';

const PROJECT = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
      id name summary goals status availableActions startDate targetDate version archivedAt
      progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }
      partners { role partner { id name kind } }
      principles { id title position version }
      agreements { id current onBehalf evidence signedBy principleVersion partner { id name } principle { id } }
      missingAgreements { partner { id name } principle { id } }
      stages {
        id title description position status dueDate isLate blockedReason completedAt version availableActions
        owner { id name }
        assignee { id name }
        dependsOn { id title status }
        celebrations { id message createdAt }
      }
      evaluations { id title status }
      updates(first: 10) { totalCount nodes { id health narrative createdAt postedBy { id name } } }
      decisions(first: 20) {
        totalCount
        nodes {
          id decidedOn text createdAt recordedBy { id name }
          agreedBy { id name } stages { id title } challenges { id description } principles { id title }
        }
      }
      challenges {
        id status description createdAt dueDate isOverdue onBehalf evidence resolution
        principle { id title } raisedBy { id name } representative { id name } owner { id name }
        concernsStage { id title } concernsPartner { id name } project { id name }
      }
    }
  }
`);

export type Project = NonNullable<ProjectQuery['project']>;

const FOLLOWS = new Set(['Project', 'Agreement', 'Challenge', 'Partner', 'Principle', 'Evaluation', 'ProjectUpdate', 'Decision']);

/** Names of the project's partners, principles and stages: what refusals list by id. */
function namesOf(project: Project): Names {
  return new Map([
    ...project.partners.map((p) => [p.partner.id, p.partner.name] as [string, string]),
    ...project.principles.map((p) => [p.id, p.title] as [string, string]),
    ...project.stages.map((s) => [s.id, s.title] as [string, string]),
  ]);
}

/** True while the project accepts changes: not archived, not COMPLETED or CANCELLED. */
export function isOpen(project: Project): boolean {
  return !project.archivedAt && project.status !== 'COMPLETED' && project.status !== 'CANCELLED';
}

function Evaluations({ project, writable }: { project: Project; writable: boolean }) {
  return (
    <section class="panel" aria-labelledby="evaluations-heading">
      <h2 id="evaluations-heading">Evaluation</h2>
      {project.evaluations.length ? (
        <ul class="plain-list">
          {project.evaluations.map((e) => (
            <li key={e.id}>
              <a href={`#/evaluations/${encodeURIComponent(e.id)}`}>{e.title}</a>
              <span class="muted">{` · ${label(e.status)}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No evaluation yet.</p>
      )}
      {writable ? <NewEvaluation project={project} /> : null}
    </section>
  );
}

/** The project's celebrations on the celebrations page: a lasting record, where the banner is gone in seconds. */
function ProjectCelebrationsLink({ project }: { project: Project }) {
  const count = project.stages.reduce((sum, stage) => sum + stage.celebrations.length, 0);
  return (
    <section class="panel" aria-labelledby="project-celebrations-heading">
      <h2 id="project-celebrations-heading">Celebrations</h2>
      <p>
        <a href={filteredHash('celebrations', { project: project.id })}>{count ? `All ${plural(count, 'celebration')} of this project` : 'Celebrations of this project'}</a>
      </p>
    </section>
  );
}

/** A project's action plan, its progress, partners, principles and agreements, and its challenges. */
export function ProjectView({ id }: { id: string }) {
  const { canWrite, person } = useDashboard();
  const follows = (change: Change) => (change.kind === 'stage' ? change.projectId === id : FOLLOWS.has(change.entityType));
  const { data, error, retry } = useLiveQuery(PROJECT, { id }, follows);
  const project = data?.project;
  usePageShown(data ? (project?.name ?? 'Not found') : error ? 'Error' : undefined);
  if (!data) return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  if (!project) return <NotFound what="Project" />;
  const names = namesOf(project);
  const writable = canWrite && isOpen(project);
  const percent = Math.round(project.progress.percentComplete);
  const dates = [project.startDate ? `Starts ${formatDay(project.startDate)}` : null, project.targetDate ? `target ${formatDay(project.targetDate)}` : null]
    .filter(Boolean)
    .join(', ');
  return (
    <div class="project" data-project-id={project.id}>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#/">Overview</a>
      </nav>
      <div class="page-head">
        <h1 tabIndex={-1}>{project.name}</h1>
        <span class={`badge status status-${project.status.toLowerCase()}`}>{label(project.status)}</span>
        {project.archivedAt ? <span class="badge read-only">Archived</span> : null}
      </div>
      {project.summary ? <p class="lead">{project.summary}</p> : null}
      {project.goals ? (
        <p class="muted">
          <strong>Goals: </strong>
          {project.goals}
        </p>
      ) : null}
      <p class="muted small">{dates}</p>
      {canWrite ? <ProjectControls project={project} names={names} retry={retry} /> : null}
      <div class="progress-row">
        <ProgressBar percent={percent} label={`${project.name}: ${percent}% complete`} />
        <span class="percent">{`${percent}%`}</span>
      </div>
      <ProgressFacts progress={project.progress} openChallenges={project.challenges.filter((c) => c.status === 'OPEN').length} />
      <StatusUpdates project={project} writable={writable} />
      <div class="project-grid">
        <section class="plan" aria-labelledby="plan-heading">
          <h2 id="plan-heading">Action plan</h2>
          {canWrite ? null : <p class="muted small read-only-note">Read only: changes are made by members.</p>}
          <Plan project={project} writable={writable} />
          {writable ? <AddStage project={project} /> : null}
        </section>
        <div class="project-side">
          <Agreements project={project} writable={writable} />
          <ProjectPartners project={project} writable={writable} />
          <ProjectChallenges project={project} writable={canWrite && !project.archivedAt} />
          <ProjectDecisions project={project} writable={canWrite && !project.archivedAt} />
          <Evaluations project={project} writable={canWrite && !project.archivedAt} />
          <ProjectCelebrationsLink project={project} />
          {person ? <BoardReport projectId={project.id} /> : null}
        </div>
      </div>
    </div>
  );
}
