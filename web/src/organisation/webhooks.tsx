import { useMutation, useQuery } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { TYPE_GROUPS } from '../activity/event-types';
import { useDashboard, useLiveQuery, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { formatInstant, label, plural } from '../format';
import { graphql } from '../gql';
import type { WebhookDeliveriesQuery, WebhookEndpointsQuery } from '../gql/graphql';
import { ActionAlert, useAction } from '../forms/actions';
import { allOf, Checks, CopyField, Input, orNull } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const WEBHOOK_ENDPOINTS = graphql(`
  query WebhookEndpoints {
    webhookEndpoints(first: 100) {
      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }
    }
  }
`);

const WEBHOOK_DELIVERIES = graphql(`
  query WebhookDeliveries($id: ID!, $after: String) {
    webhookEndpoint(id: $id) {
      id
      deliveries(first: 20, after: $after) {
        nodes {
          id eventType eventId status attemptCount responseStatus durationMs lastError createdAt lastAttemptAt nextAttemptAt
          attempts { number startedAt responseStatus durationMs error manual }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const CREATE_WEBHOOK = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { id url } }
  }
`);
const DISABLE_WEBHOOK = graphql(`mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }`);
const ENABLE_WEBHOOK = graphql(`mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }`);
const ROTATE_SECRET = graphql(`mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }`);
const DELETE_WEBHOOK = graphql(`mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }`);
const REDELIVER = graphql(`mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }`);

const LABELS = { url: 'Address (URL)', description: 'What it is for', eventTypes: 'Events to send' };

type Endpoint = WebhookEndpointsQuery['webhookEndpoints']['nodes'][number];
type Delivery = NonNullable<WebhookDeliveriesQuery['webhookEndpoint']>['deliveries']['nodes'][number];

const GROUPS = Object.entries(TYPE_GROUPS);
const follows = (change: Change) => change.kind === 'activity' && change.entityType === 'WebhookEndpoint';

/** What an endpoint is sent, in the groups people think in: whole groups by name, the rest counted. */
function describeTypes(types: string[]): string {
  const chosen = new Set(types);
  const whole = GROUPS.filter(([, group]) => group.types.every((type) => chosen.has(type)));
  const covered = new Set(whole.flatMap(([, group]) => group.types));
  const others = types.filter((type) => !covered.has(type)).length;
  const names = whole.map(([, group]) => group.label.toLowerCase());
  if (others) names.push(plural(others, 'other kind of event', 'other kinds of event'));
  return names.join(', ');
}

function status(endpoint: Endpoint): { text: string; tone: string } {
  if (endpoint.enabled)
    return endpoint.consecutiveFailures ? { text: `Failing: ${plural(endpoint.consecutiveFailures, 'attempt')} in a row`, tone: 'warning' } : { text: 'Sending', tone: 'ok' };
  return { text: endpoint.disabledReason ? `Stopped: ${endpoint.disabledReason}` : 'Stopped', tone: 'stopped' };
}

function Secret({ what, secret }: { what: string; secret: string }) {
  return (
    <div class="card once" role="status">
      <p>{`${what} Copy the signing secret now: it is shown only this once. The receiver checks each request's Partnership-Hub-Signature header with it.`}</p>
      <CopyField id="webhook-secret" label="Signing secret" value={secret} button="Copy secret" />
    </div>
  );
}

function DeliveryItem({ delivery }: { delivery: Delivery }) {
  const [, redeliver] = useMutation(REDELIVER);
  const { busy, error, run } = useAction();
  const answer = delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : (delivery.lastError ?? '');
  const timing = delivery.durationMs == null ? '' : ` in ${delivery.durationMs} ms`;
  return (
    <li class="webhook-delivery" data-delivery-id={delivery.id} data-status={delivery.status}>
      <p>
        <span class={`badge status delivery-${delivery.status.toLowerCase()}`}>{label(delivery.status)}</span> <strong>{label(delivery.eventType)}</strong>
        <span class="muted">{` · queued ${formatInstant(delivery.createdAt)}`}</span>
      </p>
      <p class="muted small">
        {`${plural(delivery.attemptCount, 'attempt')}`}
        {delivery.lastAttemptAt ? `, the last ${formatInstant(delivery.lastAttemptAt)}: ${answer}${timing}` : ''}
        {delivery.nextAttemptAt ? `. Next attempt ${formatInstant(delivery.nextAttemptAt)}.` : '.'}
      </p>
      {delivery.lastError && delivery.responseStatus ? <p class="muted small">{delivery.lastError}</p> : null}
      {delivery.status === 'SUCCEEDED' || delivery.status === 'FAILED' ? (
        <button
          type="button"
          class="button subtle"
          aria-label={`Send the ${label(delivery.eventType)} event again`}
          disabled={busy}
          onClick={() => void run(() => redeliver({ deliveryId: delivery.id }))}
        >
          Send again
        </button>
      ) : null}
      <ActionAlert message={error} />
    </li>
  );
}

/** One page of an endpoint's delivery log, newest first; the last page shown offers the next. */
function DeliveryPage({ endpoint, after, round, more }: { endpoint: string; after: string | null; round: number; more?: (cursor: string) => void }) {
  const context = useMemo(() => ({ round }), [round]);
  const [{ data, error }] = useQuery({ query: WEBHOOK_DELIVERIES, variables: { id: endpoint, after }, requestPolicy: 'network-only', context });
  if (!data) return error ? <p role="alert">The delivery log could not be loaded.</p> : <p class="loading">Loading…</p>;
  const node = data.webhookEndpoint;
  if (!node) return <p class="muted">This webhook has been deleted.</p>;
  const { nodes, pageInfo } = node.deliveries;
  if (!nodes.length && after === null) return <p class="muted">Nothing sent yet: events of its kinds will appear here as they happen.</p>;
  return (
    <>
      <ol class="plain-list webhook-deliveries">
        {nodes.map((delivery) => (
          <DeliveryItem key={delivery.id} delivery={delivery} />
        ))}
      </ol>
      {more && pageInfo.hasNextPage && pageInfo.endCursor ? (
        <button type="button" class="button subtle" onClick={() => more(pageInfo.endCursor!)}>
          Show older deliveries
        </button>
      ) : null}
    </>
  );
}

/** The delivery log, opened on request (each endpoint's log is its own query) and refreshed by hand. */
function DeliveryLog({ endpoint }: { endpoint: Endpoint }) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [round, setRound] = useState(0);
  return (
    <div class="webhook-log" aria-label={`Delivery log of ${endpoint.url}`} role="region">
      <div class="log-head">
        <h4>Delivery log</h4>
        <button
          type="button"
          class="button subtle"
          onClick={() => {
            setPages([null]);
            setRound(round + 1);
          }}
        >
          Refresh
        </button>
      </div>
      {pages.map((after, index) => (
        <DeliveryPage
          key={`${after} ${round}`}
          endpoint={endpoint.id}
          after={after}
          round={round}
          more={index === pages.length - 1 ? (cursor) => setPages([...pages, cursor]) : undefined}
        />
      ))}
    </div>
  );
}

function EndpointItem({ endpoint }: { endpoint: Endpoint }) {
  const [, disable] = useMutation(DISABLE_WEBHOOK);
  const [, enable] = useMutation(ENABLE_WEBHOOK);
  const [, rotate] = useMutation(ROTATE_SECRET);
  const [, remove] = useMutation(DELETE_WEBHOOK);
  const { busy, error, run } = useAction();
  const [secret, setSecret] = useState('');
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { text, tone } = status(endpoint);
  return (
    <li class="webhook" data-webhook-id={endpoint.id}>
      <div>
        <strong class="webhook-url">{endpoint.url}</strong> <span class={`badge status webhook-${tone}`}>{text}</span>
      </div>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <p class="muted small">{`Sent ${describeTypes(endpoint.eventTypes)}. Registered ${formatInstant(endpoint.createdAt)}${endpoint.secretRotatedAt ? `; secret changed ${formatInstant(endpoint.secretRotatedAt)}` : ''}.`}</p>
      <div class="form-row">
        <button type="button" class="button subtle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide the delivery log' : 'Show the delivery log'}
        </button>
        {endpoint.enabled ? (
          <button type="button" class="button subtle" disabled={busy} onClick={() => void run(() => disable({ id: endpoint.id }))}>
            Stop sending
          </button>
        ) : (
          <button type="button" class="button" disabled={busy} onClick={() => void run(() => enable({ id: endpoint.id }))}>
            Start sending again
          </button>
        )}
        <button
          type="button"
          class="button subtle"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const answer = await rotate({ id: endpoint.id });
              if (answer.data) setSecret(answer.data.rotateWebhookSecret.secret);
              return answer;
            })
          }
        >
          New secret
        </button>
        {confirming ? (
          <div class="confirm" role="group" aria-label={`Delete the webhook to ${endpoint.url}?`}>
            <span>Delete it and its delivery log?</span>
            <button type="button" class="button warning" disabled={busy} onClick={() => void run(() => remove({ id: endpoint.id }))}>
              Yes, delete
            </button>
            <button type="button" class="button subtle" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </div>
        ) : (
          <button type="button" class="button subtle" aria-label={`Delete the webhook to ${endpoint.url}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      <ActionAlert message={error} />
      {secret ? <Secret what="The old secret no longer signs." secret={secret} /> : null}
      {open ? <DeliveryLog endpoint={endpoint} /> : null}
    </li>
  );
}

/**
 * Webhooks (ADMIN and up, signed in): register an address and the kinds of event it is sent, see
 * each endpoint's state and delivery log, send a delivery again, stop and start, change the secret.
 */
export function Webhooks() {
  const { data, error, retry } = useLiveQuery(WEBHOOK_ENDPOINTS, {}, follows);
  const { refresher } = useDashboard();
  const [, create] = useMutation(CREATE_WEBHOOK);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [round, setRound] = useState(0);
  return (
    <section class="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p class="muted">Send the organisation's events as they happen to another system (a chat channel, a reporting tool), each request signed.</p>
      <form
        key={round}
        ref={form}
        noValidate
        class="manage-form"
        aria-labelledby="new-webhook-heading"
        onSubmit={async (event) => {
          const groups = allOf(form.current, 'groups');
          const eventTypes = groups.flatMap((group) => TYPE_GROUPS[group]?.types ?? []);
          const answer = await submit(event, (values) => create({ input: { url: (values.url ?? '').trim(), description: orNull(values.description), eventTypes } }));
          if (!answer) return;
          setCreated({ url: answer.createWebhookEndpoint.endpoint.url, secret: answer.createWebhookEndpoint.secret });
          setRound(round + 1);
          refresher.refreshAll();
        }}
      >
        <h3 id="new-webhook-heading">Add a webhook</h3>
        <Input required id="webhook-url" name="url" type="url" label={LABELS.url} autocomplete="off" hint="Where to send each event, starting https://" error={errors.fields.url} />
        <Input id="webhook-description" name="description" label={LABELS.description} autocomplete="off" error={errors.fields.description} />
        <Checks
          prefix="webhook"
          name="groups"
          legend={LABELS.eventTypes}
          options={GROUPS.map(([value, group]) => ({ value, label: group.label }))}
          checked={['stages']}
          error={errors.fields.eventTypes}
        />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Add webhook
        </button>
      </form>
      {created ? <Secret what={`Webhook to ${created.url} added.`} secret={created.secret} /> : null}
      <h3>Endpoints</h3>
      {!data ? (
        error ? (
          <ViewError error={error} retry={retry} />
        ) : (
          <p class="loading">Loading…</p>
        )
      ) : data.webhookEndpoints.nodes.length ? (
        <ul class="plain-list webhooks">
          {data.webhookEndpoints.nodes.map((endpoint) => (
            <EndpointItem key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      ) : (
        <p class="muted">No webhooks yet.</p>
      )}
    </section>
  );
}
