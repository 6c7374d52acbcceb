import { useMutation, useQuery } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { formatInstant, label } from '../format';
import { graphql } from '../gql';
import type { ApiKeysQuery } from '../gql/graphql';
import { ActionAlert, useAction } from '../forms/actions';
import { CopyField, Input, Select } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const API_KEYS = graphql(`
  query ApiKeys($after: String) {
    organisation {
      id
      apiKeys(first: 50, after: $after) {
        nodes { id name role createdAt revokedAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const CREATE_API_KEY = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } }
  }
`);

const REVOKE_API_KEY = graphql(`mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`);

const LABELS = { name: 'Name', role: 'Role' };

// Never above the creator's own role, never OWNER; OBSERVER first: a wall screen only reads.
const KEY_ROLES = [
  { value: 'OBSERVER', label: 'Observer: reads only (a wall screen, a kiosk link)' },
  { value: 'MEMBER', label: 'Member: changes partners, principles, projects and plans' },
  { value: 'ADMIN', label: 'Admin: everything but members and keys' },
];

type ApiKey = ApiKeysQuery['organisation']['apiKeys']['nodes'][number];

function ApiKeyItem({ apiKey: key }: { apiKey: ApiKey }) {
  const [, revoke] = useMutation(REVOKE_API_KEY);
  const { busy, error, run } = useAction();
  return (
    <li class="api-key" data-api-key-id={key.id}>
      <div>
        <strong>{key.name}</strong>
        <span class="muted">{` · ${label(key.role)} · created ${formatInstant(key.createdAt)}`}</span>{' '}
        {key.revokedAt ? <span class="badge status">{`Revoked ${formatInstant(key.revokedAt)}`}</span> : null}
      </div>
      {key.revokedAt ? null : (
        <button type="button" class="button subtle" aria-label={`Revoke the key ${key.name}`} disabled={busy} onClick={() => void run(() => revoke({ id: key.id }))}>
          Revoke
        </button>
      )}
      <ActionAlert message={error} />
    </li>
  );
}

/** One page of keys, newest first; the last page shown offers the next. */
function ApiKeyPage({ after, round, more }: { after: string | null; round: number; more?: (cursor: string) => void }) {
  const [{ data, error }] = useQuery({ query: API_KEYS, variables: { after }, requestPolicy: 'cache-and-network', context: useMemo(() => ({ round }), [round]) });
  if (!data) return error ? <p role="alert">The keys could not be loaded.</p> : <p class="loading">Loading…</p>;
  const { nodes, pageInfo } = data.organisation.apiKeys;
  if (!nodes.length && after === null) return <p class="muted">No keys yet.</p>;
  return (
    <>
      <ul class="plain-list api-keys">
        {nodes.map((key) => (
          <ApiKeyItem key={key.id} apiKey={key} />
        ))}
      </ul>
      {more && pageInfo.hasNextPage && pageInfo.endCursor ? (
        <button type="button" class="button subtle" onClick={() => more(pageInfo.endCursor!)}>
          Show older keys
        </button>
      ) : null}
    </>
  );
}

/** Keys for screens and integrations: the secret is shown once, with a kiosk link for a read-only one. */
export function ApiKeys() {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [, create] = useMutation(CREATE_API_KEY);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [created, setCreated] = useState<{ name: string; role: string; secret: string }>();
  const [round, setRound] = useState(0);
  const kiosk = created ? `${location.origin}${location.pathname}?key=${encodeURIComponent(created.secret)}` : '';
  return (
    <section class="panel" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys and kiosk links</h2>
      <form
        key={round}
        ref={form}
        noValidate
        class="manage-form"
        aria-labelledby="new-key-heading"
        onSubmit={async (event) => {
          const answer = await submit(event, (values) => create({ input: { name: (values.name ?? '').trim(), role: values.role as 'OBSERVER' } }));
          if (!answer) return;
          const { apiKey, secret } = answer.createApiKey;
          setCreated({ name: apiKey.name, role: apiKey.role, secret });
          // A new key is the newest: the list starts again from its first page.
          setRound(round + 1);
          setPages([null]);
        }}
      >
        <h3 id="new-key-heading">Create a key</h3>
        <Input required id="key-name" name="name" label={LABELS.name} autocomplete="off" hint="Say where it is used, e.g. “Board room screen”." error={errors.fields.name} />
        <Select id="key-role" name="role" label={LABELS.role} options={KEY_ROLES} error={errors.fields.role} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Create key
        </button>
      </form>
      {created ? (
        <div class="card once" role="status">
          <p>{`Key “${created.name}” created. Copy its secret now: it is shown only this once.`}</p>
          <CopyField id="key-secret" label="Secret" value={created.secret} button="Copy secret" />
          {created.role === 'OBSERVER' ? (
            <>
              <CopyField id="kiosk-link" label="Kiosk link (opens the dashboard read-only, for a wall screen)" value={kiosk} button="Copy kiosk link" />
              <p class="muted small">Anyone with the link sees the dashboard: share it as you would a password.</p>
            </>
          ) : null}
        </div>
      ) : null}
      <h3>Keys</h3>
      {pages.map((after, index) => (
        <ApiKeyPage key={`${after} ${round}`} after={after} round={round} more={index === pages.length - 1 ? (cursor) => setPages([...pages, cursor]) : undefined} />
      ))}
    </section>
  );
}
