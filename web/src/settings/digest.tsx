import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { Input, Select } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const MY_DIGEST = graphql(`
  query MyDigest {
    organisation { id }
    viewer { organisations { id organisation { id } digest { frequency timeZone weekday chosen } } }
  }
`);

const UPDATE_MY_DIGEST = graphql(`
  mutation UpdateMyDigestSettings($input: UpdateMyDigestSettingsInput!) {
    updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen }
  }
`);

const LABELS = { frequency: 'How often', timeZone: 'Time zone', weekday: 'Day of a weekly digest' };

const FREQUENCIES = [
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'DAILY', label: 'Daily' },
  { value: 'NONE', label: 'Never' },
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label, index) => ({ value: String(index + 1), label }));

/**
 * The signed-in member's digest by mail in this organisation: how often, in which time zone and on
 * which day. Nothing for an API key (a kiosk has no mailbox).
 */
export function DigestSettingsForm() {
  const [{ data }] = useQuery({ query: MY_DIGEST });
  const [, update] = useMutation(UPDATE_MY_DIGEST);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [saved, setSaved] = useState('');
  const mine = data?.viewer.organisations.find((membership) => membership.organisation?.id === data.organisation.id)?.digest;
  if (!mine) return null;
  return (
    <section class="panel" aria-labelledby="digest-heading">
      <h2 id="digest-heading">Email digest</h2>
      <p class="muted">Your stages due soon or late, your overdue challenges and the celebrations, by mail at 07:00 your time. An empty digest is never sent.</p>
      <form
        ref={form}
        noValidate
        class="manage-form"
        aria-labelledby="digest-heading"
        onSubmit={async (event) => {
          setSaved('');
          const answer = await submit(event, (values) =>
            update({ input: { frequency: values.frequency as 'WEEKLY', timeZone: (values.timeZone ?? '').trim(), weekday: Number(values.weekday) } }),
          );
          if (answer) setSaved('Your digest settings are saved.');
        }}
      >
        <Select id="digest-frequency" name="frequency" label={LABELS.frequency} options={FREQUENCIES} value={mine.frequency} error={errors.fields.frequency} />
        <Input id="digest-time-zone" name="timeZone" label={LABELS.timeZone} hint="A place name such as Europe/London." value={mine.timeZone} error={errors.fields.timeZone} />
        <Select id="digest-weekday" name="weekday" label={LABELS.weekday} options={WEEKDAYS} value={String(mine.weekday)} error={errors.fields.weekday} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Save digest settings
        </button>
        <p role="status" class="muted">
          {saved}
        </p>
      </form>
    </section>
  );
}
