import { CombinedError, type OperationResult } from '@urql/core';
import { useMutation } from '@urql/preact';
import { useDashboard } from '../dashboard/context';
import { formatDay } from '../format';
import { graphql } from '../gql';
import type { Measure } from './evaluation';
import { Opener } from './opener';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm } from '../forms/open-form';
import { Input, orNull, Select, TextArea } from '../forms/controls';

// Each answer is only its id: the page reloads the evaluation after every change (scores move too).
const ADD_MEASURE = graphql(`mutation AddMeasure($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`);
const RECORD_MEASUREMENT = graphql(`mutation RecordMeasurement($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`);
const UPDATE_MEASUREMENT = graphql(`mutation UpdateMeasurement($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }`);

const MEASURE_LABELS = { name: 'Name', unit: 'Unit', baseline: 'Baseline', target: 'Target', direction: 'Which way is better' };
const MEASUREMENT_LABELS = { value: 'Value', date: 'Date', source: 'Source', note: 'Note', reason: 'Reason for the correction' };

/** Today (UTC, as the server's rule on future dates): YYYY-MM-DD. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The form's numbers (`names`), and a BAD_USER_INPUT naming each blank or non-numeric one (and
 * each blank date in `dates`): the API's Float and Date scalars would refuse them too, but
 * without naming the field, so the message could not sit next to it.
 */
function parse(values: Record<string, string>, names: string[], dates: string[] = []): { numbers: Record<string, number>; refused?: OperationResult<never> } {
  const numbers: Record<string, number> = {};
  const fields: { field: string; message: string }[] = [];
  for (const name of names) {
    const text = (values[name] ?? '').trim();
    numbers[name] = text ? Number(text) : NaN;
    if (!Number.isFinite(numbers[name])) fields.push({ field: `input.${name}`, message: 'must be a number, such as 12 or 4.5' });
  }
  for (const name of dates) if (!values[name]) fields.push({ field: `input.${name}`, message: 'is required' });
  if (!fields.length) return { numbers };
  const error = new CombinedError({ graphQLErrors: [{ message: fields[0]!.message, extensions: { code: 'BAD_USER_INPUT', fields } }] });
  return { numbers, refused: { error } as OperationResult<never> };
}

function AddMeasureForm({ evaluationId, close }: { evaluationId: string; close(): void }) {
  const { refresher } = useDashboard();
  const [, add] = useMutation(ADD_MEASURE);
  const { form, errors, busy, submit } = useForm(MEASURE_LABELS);
  const e = errors.fields;
  return (
    <OpenForm
      form={form}
      close={close}
      label="Add a measure"
      onSubmit={async (event) => {
        const data = await submit(event, async (v) => {
          const { numbers, refused } = parse(v, ['baseline', 'target']);
          return (
            refused ??
            add({
              input: {
                evaluationId,
                name: (v.name ?? '').trim(),
                unit: orNull(v.unit),
                baseline: numbers.baseline!,
                target: numbers.target!,
                direction: v.direction === 'LOWER_IS_BETTER' ? 'LOWER_IS_BETTER' : 'HIGHER_IS_BETTER',
              },
            })
          );
        });
        if (!data) return;
        refresher.refreshAll();
        close();
      }}
    >
      <Input prefix="measure" name="name" label={MEASURE_LABELS.name} required error={e.name} />
      <Input prefix="measure" name="unit" label={MEASURE_LABELS.unit} hint="Such as days, %, or patients; leave blank for none." error={e.unit} />
      <Input prefix="measure" name="baseline" label={MEASURE_LABELS.baseline} required hint="The value before the change." error={e.baseline} />
      <Input prefix="measure" name="target" label={MEASURE_LABELS.target} required error={e.target} />
      <Select
        prefix="measure"
        name="direction"
        label={MEASURE_LABELS.direction}
        value="HIGHER_IS_BETTER"
        options={[
          { value: 'HIGHER_IS_BETTER', label: 'Higher is better' },
          { value: 'LOWER_IS_BETTER', label: 'Lower is better' },
        ]}
        error={e.direction}
      />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Add measure" close={close} />
    </OpenForm>
  );
}

/** The button that opens a form for a new measure of the evaluation. */
export function AddMeasure({ evaluationId }: { evaluationId: string }) {
  return <Opener id="add-measure-button" text="Add a measure" form={(close) => <AddMeasureForm evaluationId={evaluationId} close={close} />} />;
}

type Measurement = Measure['measurements'][number];

/**
 * A measurement's form: a new value of `measure`, or (`correcting`) a correction of one, which
 * the server requires a reason for and keeps in the activity log with the old and new values.
 */
export function MeasurementForm({ measure, correcting, close }: { measure: Measure; correcting?: Measurement; close(): void }) {
  const { refresher } = useDashboard();
  const [, record] = useMutation(RECORD_MEASUREMENT);
  const [, update] = useMutation(UPDATE_MEASUREMENT);
  const { form, errors, busy, submit } = useForm(MEASUREMENT_LABELS);
  const e = errors.fields;
  const prefix = correcting ? `correct-${correcting.id}` : `record-${measure.id}`;
  return (
    <OpenForm
      form={form}
      close={close}
      label={correcting ? `Correct the measurement of ${formatDay(correcting.date)}` : `Record a measurement of ${measure.name}`}
      onSubmit={async (event) => {
        const data = await submit<unknown>(event, async (v) => {
          const { numbers, refused } = parse(v, ['value'], ['date']);
          if (refused) return refused;
          const fields = { value: numbers.value!, date: v.date!, note: orNull(v.note) };
          return correcting
            ? update({ input: { ...fields, id: correcting.id, reason: (v.reason ?? '').trim() } })
            : record({ input: { ...fields, measureId: measure.id, source: orNull(v.source) } });
        });
        if (!data) return;
        refresher.refreshAll();
        close();
      }}
    >
      <Input
        prefix={prefix}
        name="value"
        label={`${MEASUREMENT_LABELS.value}${measure.unit ? ` (${measure.unit})` : ''}`}
        required
        value={correcting ? String(correcting.value) : ''}
        error={e.value}
      />
      <Input
        prefix={prefix}
        name="date"
        type="date"
        label={MEASUREMENT_LABELS.date}
        required
        hint="The day the value applies to; not in the future."
        value={correcting?.date ?? today()}
        error={e.date}
      />
      {correcting ? null : <Input prefix={prefix} name="source" label={MEASUREMENT_LABELS.source} hint="Where the value comes from." error={e.source} />}
      <TextArea prefix={prefix} name="note" label={MEASUREMENT_LABELS.note} value={correcting?.note} error={e.note} />
      {correcting ? <TextArea prefix={prefix} name="reason" label={MEASUREMENT_LABELS.reason} required error={e.reason} /> : null}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit={correcting ? 'Save correction' : 'Record measurement'} close={close} />
    </OpenForm>
  );
}

/** The button that opens a form for a new measurement of `measure`. */
export function RecordMeasurement({ measure }: { measure: Measure }) {
  return (
    <Opener
      id={`record-button-${measure.id}`}
      text="Record a measurement"
      label={`Record a measurement of ${measure.name}`}
      form={(close) => <MeasurementForm measure={measure} close={close} />}
    />
  );
}
