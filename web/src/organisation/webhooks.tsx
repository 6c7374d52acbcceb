import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard, useLiveQuery, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { formatInstant, plural } from '../format';
import { graphql } from '../gql';
import type { WebhookEndpointsQuery } from '../gql/graphql';
import { ActionAlert, useAction } from '../forms/actions';
import { CopyField, orNull } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { describeTypes, EditWebhook, eventTypesOf, WEBHOOK_LABELS, WebhookFields } from './webhook-form';
import { DeliveryLog } from './webhook-log';

const WEBHOOK_ENDPOINTS = graphql(`
  query WebhookEndpoints {
    webhookEndpoints(first: 100) {
      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }
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

type Endpoint = WebhookEndpointsQuery['webhookEndpoints']['nodes'][number];

const follows = (change: Change) => change.kind === 'activity' && change.entityType === 'WebhookEndpoint';

function status(endpoint: Endpoint): { text: string; tone: string } {
  if (endpoint.enabled)
    return endpoint.consecutiveFailures ? { text: `Failing: ${plural(endpoint.consecutiveFailures, 'attempt')} in a row`, tone: 'warning' } : { text: 'Sending', tone: 'ok' };
  return { text: endpoint.disabledReason ? `Stopped: ${endpoint.disabledReason}` : 'Stopped', tone: 'stopped' };
}

function Secret({ id, what, secret }: { id: string; what: string; secret: string }) {
  return (
    <div class="card once" role="status">
      <p>{`${what} Copy the signing secret now: it is shown only this once. The receiver checks each request's Partnership-Hub-Signature header with it.`}</p>
      <CopyField id={id} label="Signing secret" value={secret} button="Copy secret" />
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
  const [editing, setEditing] = useState(false);
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
        <button type="button" class="button subtle" aria-label={`Change the webhook to ${endpoint.url}`} aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Change
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
      {editing ? <EditWebhook endpoint={endpoint} close={() => setEditing(false)} /> : null}
      {secret ? <Secret id={`webhook-secret-${endpoint.id}`} what="The old secret no longer signs." secret={secret} /> : null}
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
  const { form, errors, busy, submit } = useForm(WEBHOOK_LABELS);
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
          const eventTypes = eventTypesOf(form.current);
          const answer = await submit(event, (values) => create({ input: { url: (values.url ?? '').trim(), description: orNull(values.description), eventTypes } }));
          if (!answer) return;
          setCreated({ url: answer.createWebhookEndpoint.endpoint.url, secret: answer.createWebhookEndpoint.secret });
          setRound(round + 1);
          refresher.refreshAll();
        }}
      >
        <h3 id="new-webhook-heading">Add a webhook</h3>
        <WebhookFields prefix="webhook" errors={errors.fields} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Add webhook
        </button>
      </form>
      {created ? <Secret id="webhook-secret" what={`Webhook to ${created.url} added.`} secret={created.secret} /> : null}
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
