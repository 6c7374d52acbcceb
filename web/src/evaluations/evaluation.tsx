import { useMutation } from '@urql/preact';
import { formatDay, label } from '../format';
import { graphql } from '../gql';
import type { EvaluationQuery } from '../gql/graphql';
import { ARCHIVE } from '../manage/archived';
import { useDashboard, useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { NotFound, ViewError } from '../dashboard/not-found';
import { ProgressBar } from '../dashboard/progress-bar';
import { MeasureChart, withUnit } from './chart';
import { MeasureTable, useCorrections, type Correction } from './data-table';
import { FeedbackForms } from './feedback';
import { Involvements } from './involvement';
import { AddMeasure, RecordMeasurement } from './measure-forms';
import { Publishing } from './publishing';
import { ActionAlert, useAction } from '../forms/actions';

const EVALUATION = graphql(`
  query Evaluation($id: ID!) {
    evaluation(id: $id) {
      id title status
      project { id name archivedAt }
      stage { id title }
      measures {
        id name unit baseline target direction changeFromBaseline progressToTarget
        latest { id value date source }
        measurements { id value date source note }
      }
      involvements { id summary date viaFeedbackLink partner { id name kind } }
      feedbackLinks { id open createdAt partner { id name } }
      youSaidWeDid { id youSaid weDid }
    }
  }
`);

export type Evaluation = NonNullable<EvaluationQuery['evaluation']>;
export type Measure = Evaluation['measures'][number];

const FOLLOWS = new Set(['Evaluation', 'Measure', 'Measurement', 'Involvement', 'FeedbackLink', 'YouSaidWeDid']);
const follows = (change: Change) => FOLLOWS.has(change.entityType);

function MeasureCard({ measure, writable, corrections }: { measure: Measure; writable: boolean; corrections: Map<string, Correction[]> }) {
  const { refresher } = useDashboard();
  const [, archive] = useMutation(ARCHIVE);
  const { busy, error, run } = useAction();
  const { unit } = measure;
  const progress = measure.progressToTarget == null ? null : Math.round(measure.progressToTarget * 100);
  const change = measure.changeFromBaseline;
  return (
    <div class="card measure" data-measure-id={measure.id}>
      <h2>{measure.name}</h2>
      <MeasureChart measure={measure} />
      <dl class="measure-facts">
        <div>
          <dt>Latest</dt>
          <dd class="measure-latest">{measure.latest ? `${withUnit(measure.latest.value, unit)} on ${formatDay(measure.latest.date)}` : 'No measurement yet'}</dd>
        </div>
        <div>
          <dt>Baseline → target</dt>
          <dd>{`${withUnit(measure.baseline, unit)} → ${withUnit(measure.target, unit)} (${measure.direction === 'LOWER_IS_BETTER' ? 'lower is better' : 'higher is better'})`}</dd>
        </div>
        {change == null ? null : (
          <div>
            <dt>Change from baseline</dt>
            <dd>{`${change > 0 ? '+' : ''}${withUnit(change, unit)}`}</dd>
          </div>
        )}
      </dl>
      {progress === null ? null : (
        <div class="progress-row">
          <ProgressBar percent={progress} label={`${measure.name}: ${progress}% of the way to target`} />
          <span class="percent measure-progress">{`${progress}% to target`}</span>
        </div>
      )}
      <MeasureTable measure={measure} writable={writable} corrections={corrections} />
      {writable ? (
        <div class="stage-actions">
          <RecordMeasurement measure={measure} />
          <button
            type="button"
            class="button subtle"
            aria-label={`Archive measure: ${measure.name}`}
            disabled={busy}
            onClick={() =>
              void run(
                () => archive({ id: measure.id }),
                () => refresher.refreshAll(),
              )
            }
          >
            Archive measure
          </button>
        </div>
      ) : null}
      <ActionAlert message={error} />
    </div>
  );
}

function Measures({ evaluation, writable }: { evaluation: Evaluation; writable: boolean }) {
  const corrections = useCorrections(evaluation.project.id);
  return evaluation.measures.length ? (
    <div class="measures">
      {evaluation.measures.map((measure) => (
        <MeasureCard key={measure.id} measure={measure} writable={writable} corrections={corrections} />
      ))}
    </div>
  ) : (
    <p class="muted">No measures yet.</p>
  );
}

/**
 * An evaluation: its measures as charts with their data tables, and the involvement of service
 * users and carers. Members change it while it is a draft or in progress; once published it is
 * frozen (the server refuses every change) until an ADMIN reopens it, so no edit control shows.
 */
export function EvaluationView({ id }: { id: string }) {
  const { canWrite } = useDashboard();
  const { data, error, retry } = useLiveQuery(EVALUATION, { id }, follows);
  const evaluation = data?.evaluation;
  usePageShown(data ? (evaluation?.title ?? 'Not found') : error ? 'Error' : undefined);
  if (!data) return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  if (!evaluation) return <NotFound what="Evaluation" />;
  const { project } = evaluation;
  const writable = canWrite && evaluation.status !== 'PUBLISHED' && !project.archivedAt;
  return (
    <div class="evaluation">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#/">Overview</a> › <a href={`#/projects/${encodeURIComponent(project.id)}`}>{project.name}</a>
      </nav>
      <div class="page-head">
        <h1 tabIndex={-1}>{evaluation.title}</h1>
        <span class={`badge status status-${evaluation.status.toLowerCase()}`}>{label(evaluation.status)}</span>
      </div>
      {evaluation.stage ? <p class="muted">{`Reviewed at the stage “${evaluation.stage.title}”`}</p> : null}
      {/* Keyed by the involvement: a refusal for the want of it goes once some is recorded. */}
      {canWrite && !project.archivedAt ? <Publishing key={evaluation.involvements.length} evaluation={evaluation} /> : null}
      <Measures evaluation={evaluation} writable={writable} />
      {writable ? <AddMeasure evaluationId={evaluation.id} /> : null}
      <Involvements evaluation={evaluation} writable={writable} />
      <FeedbackForms evaluation={evaluation} writable={writable} />
    </div>
  );
}
