import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard, useLiveQuery, type Change } from '../dashboard/context';
import { formatDay, formatInstant, plural } from '../format';
import { graphql } from '../gql';
import type { CorrectionsQuery } from '../gql/graphql';
import { ARCHIVE } from '../manage/archived';
import { withUnit } from './chart';
import type { Measure } from './evaluation';
import { MeasurementForm } from './measure-forms';
import { ActionAlert, useAction } from '../forms/actions';
import { useFocusLater } from '../forms/open-form';

// The API keeps corrections in the activity log: old and new values, and the reason.
const CORRECTIONS = graphql(`
  query Corrections($projectId: ID!) {
    activity(projectId: $projectId, types: ["MEASUREMENT_CORRECTED"], newestFirst: true, first: 100) {
      nodes { cursor entityId occurredAt actor reason changes { field from to } }
    }
  }
`);

export type Correction = CorrectionsQuery['activity']['nodes'][number];

const follows = (change: Change) => change.entityType === 'Measurement';

/** The project's measurement corrections (the latest 100), by measurement id, newest first. */
export function useCorrections(projectId: string): Map<string, Correction[]> {
  const { data } = useLiveQuery(CORRECTIONS, { projectId }, follows);
  const byMeasurement = new Map<string, Correction[]>();
  for (const event of data?.activity.nodes ?? []) {
    if (event.entityId) byMeasurement.set(event.entityId, [...(byMeasurement.get(event.entityId) ?? []), event]);
  }
  return byMeasurement;
}

/** "value 25 → 27, date 2026-03-01 → 2026-03-02: typo in the spreadsheet" */
function correctionText(c: Correction): string {
  const changes = c.changes.map((f) => `${f.field} ${f.from ?? 'none'} → ${f.to ?? 'none'}`).join(', ');
  return `${changes}${c.reason ? `. Reason: ${c.reason}` : ''}`;
}

/**
 * A measure's values as a table under its chart, in a disclosure: a caption with the baseline and
 * target, one row per measurement (date, value with its unit, source, note, corrections), and
 * for members the buttons that correct or archive a measurement.
 */
export function MeasureTable({ measure, writable, corrections }: { measure: Measure; writable: boolean; corrections: Map<string, Correction[]> }) {
  const { refresher } = useDashboard();
  const [, archive] = useMutation(ARCHIVE);
  const { busy, error, run } = useAction();
  const [correcting, setCorrecting] = useState<string | null>(null);
  const focusLater = useFocusLater();
  const { unit } = measure;
  const rows = [...measure.measurements].sort((a, b) => a.date.localeCompare(b.date));
  const open = rows.find((row) => row.id === correcting);
  return (
    <details class="measure-data">
      <summary>{`Table of values: ${measure.name} (${plural(rows.length, 'measurement')})`}</summary>
      <table class="data-table">
        <caption>{`${measure.name}${unit ? ` in ${unit}` : ''}: baseline ${withUnit(measure.baseline, unit)}, target ${withUnit(measure.target, unit)}, ${measure.direction === 'LOWER_IS_BETTER' ? 'lower' : 'higher'} is better.`}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Value</th>
            <th scope="col">Source and notes</th>
            {writable ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-measurement-id={row.id}>
              <th scope="row">{formatDay(row.date)}</th>
              <td class="value">{withUnit(row.value, unit)}</td>
              <td>
                {[row.source, row.note].filter(Boolean).join(' · ')}
                {corrections.get(row.id)?.map((c) => (
                  <p key={c.cursor} class="correction small">
                    {`Corrected ${formatInstant(c.occurredAt)}${c.actor ? ` by ${c.actor}` : ''}: ${correctionText(c)}`}
                  </p>
                ))}
              </td>
              {writable ? (
                <td>
                  <div class="row-actions">
                    <button
                      type="button"
                      id={`correct-button-${row.id}`}
                      class="button subtle"
                      aria-label={`Correct the value of ${measure.name} on ${formatDay(row.date)}`}
                      onClick={() => setCorrecting(row.id)}
                    >
                      Correct
                    </button>
                    <button
                      type="button"
                      class="button subtle"
                      aria-label={`Archive the value of ${measure.name} on ${formatDay(row.date)}`}
                      disabled={busy}
                      onClick={() =>
                        void run(
                          () => archive({ id: row.id }),
                          () => refresher.refreshAll(),
                        )
                      }
                    >
                      Archive
                    </button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length ? null : <p class="muted">No measurements yet.</p>}
      <ActionAlert message={error} />
      {writable && open ? (
        <MeasurementForm
          measure={measure}
          correcting={open}
          close={() => {
            focusLater(`correct-button-${open.id}`);
            setCorrecting(null);
          }}
        />
      ) : null}
    </details>
  );
}
