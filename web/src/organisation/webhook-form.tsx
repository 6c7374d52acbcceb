import { useMutation } from '@urql/preact';
import { TYPE_GROUPS } from '../activity/event-types';
import { graphql } from '../gql';
import { allOf, Checks, Input, orNull } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm } from '../forms/open-form';
import { plural } from '../format';

const UPDATE_WEBHOOK = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { id url description eventTypes }
  }
`);

export const WEBHOOK_LABELS = { url: 'Address (URL)', description: 'What it is for', eventTypes: 'Events to send' };

const GROUPS = Object.entries(TYPE_GROUPS);

/** The groups every type of which is in `types`: what the form shows ticked. */
const wholeGroups = (types: readonly string[]) => GROUPS.filter(([, group]) => group.types.every((type) => types.includes(type))).map(([key]) => key);

/** What an endpoint is sent, in the groups people think in: whole groups by name, the rest counted. */
export function describeTypes(types: string[]): string {
  const whole = wholeGroups(types);
  const covered = new Set(whole.flatMap((key) => TYPE_GROUPS[key]!.types));
  const others = types.filter((type) => !covered.has(type)).length;
  const names = whole.map((key) => TYPE_GROUPS[key]!.label.toLowerCase());
  if (others) names.push(plural(others, 'other kind of event', 'other kinds of event'));
  return names.join(', ');
}

/**
 * The event types a form asks for: every type of each group ticked, and of the groups not ticked,
 * the types an endpoint was given one by one through the API (which the form cannot show), kept.
 */
export function eventTypesOf(form: HTMLFormElement | null, before: readonly string[] = []): string[] {
  const ticked = allOf(form, 'groups');
  const fromGroups = ticked.flatMap((key) => TYPE_GROUPS[key]?.types ?? []);
  const kept = before.filter((type) => !GROUPS.some(([key, group]) => ticked.includes(key) && group.types.includes(type)));
  return [...new Set([...fromGroups, ...kept])];
}

/** An endpoint's address, purpose and kinds of event; ids start with `prefix`, so errors land next to their field. */
export function WebhookFields({
  prefix,
  errors,
  endpoint,
}: {
  prefix: string;
  errors: Partial<Record<string, string>>;
  endpoint?: { url: string; description: string | null; eventTypes: string[] };
}) {
  const partly = endpoint ? describeTypes(endpoint.eventTypes.filter((type) => !wholeGroups(endpoint.eventTypes).some((key) => TYPE_GROUPS[key]!.types.includes(type)))) : '';
  return (
    <>
      <Input
        required
        prefix={prefix}
        name="url"
        type="url"
        label={WEBHOOK_LABELS.url}
        value={endpoint?.url}
        hint="Where to send each event, starting https://"
        error={errors.url}
      />
      <Input prefix={prefix} name="description" label={WEBHOOK_LABELS.description} value={endpoint?.description} error={errors.description} />
      <Checks
        prefix={prefix}
        name="groups"
        legend={WEBHOOK_LABELS.eventTypes}
        options={GROUPS.map(([value, group]) => ({ value, label: group.label }))}
        checked={endpoint ? wholeGroups(endpoint.eventTypes) : ['stages']}
        error={errors.eventTypes}
      />
      {partly ? <p class="muted small">{`Also sent, as chosen through the API: ${partly}. Kept unless you tick their group.`}</p> : null}
    </>
  );
}

/** Changes an endpoint's address, purpose or kinds of event; its secret and delivery log stay. */
export function EditWebhook({ endpoint, close }: { endpoint: { id: string; url: string; description: string | null; eventTypes: string[] }; close(): void }) {
  const [, update] = useMutation(UPDATE_WEBHOOK);
  const { form, errors, busy, submit } = useForm(WEBHOOK_LABELS);
  const prefix = `edit-webhook-${endpoint.id}`;
  return (
    <OpenForm
      form={form}
      close={close}
      label={`Change the webhook to ${endpoint.url}`}
      onSubmit={async (event) => {
        const eventTypes = eventTypesOf(form.current, endpoint.eventTypes);
        // An empty purpose clears it (the API keeps what is left out, and clears on an empty one).
        const answer = await submit(event, (values) =>
          update({ input: { id: endpoint.id, url: (values.url ?? '').trim(), description: orNull(values.description) ?? '', eventTypes } }),
        );
        if (answer) close();
      }}
    >
      <WebhookFields prefix={prefix} errors={errors.fields} endpoint={endpoint} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Save changes" close={close} />
    </OpenForm>
  );
}
