import { useMutation, useQuery } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { formatInstant, label, plural } from '../format';
import { graphql } from '../gql';
import type { WebhookDeliveriesQuery } from '../gql/graphql';
import { ActionAlert, useAction } from '../forms/actions';

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

const REDELIVER = graphql(`mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }`);

type Delivery = NonNullable<WebhookDeliveriesQuery['webhookEndpoint']>['deliveries']['nodes'][number];

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
          aria-label={`Send again: ${label(delivery.eventType)}`}
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
export function DeliveryLog({ endpoint }: { endpoint: { id: string; url: string } }) {
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
