import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { ArchivedQuery } from '../gql/graphql';
import { ActionAlert, useAction } from '../forms/actions';

const ARCHIVED = graphql(`
  query Archived($types: [String!]!) {
    archived(types: $types) {
      id
      ... on Partner { name archivedAt }
      ... on Representative { name archivedAt partner { id name } }
      ... on Principle { title archivedAt }
    }
  }
`);

type ArchivedNode = ArchivedQuery['archived'][number];

export const ARCHIVE = graphql(`mutation Archive($id: ID!) { archive(id: $id) { id } }`);
const RESTORE = graphql(`mutation Restore($id: ID!) { restore(id: $id) { id } }`);

function ArchivedRecord({ record, canRestore, restored }: { record: ArchivedNode; canRestore: boolean; restored(): void }) {
  const [, restore] = useMutation(RESTORE);
  const { busy, error, run } = useAction();
  const name = 'title' in record ? record.title : 'partner' in record ? `${record.name} (${record.partner.name})` : 'name' in record ? record.name : 'A record';
  return (
    <li class="archived-record">
      <span>{name}</span>
      {canRestore ? (
        <button type="button" class="button subtle" aria-label={`Restore ${name}`} disabled={busy} onClick={() => void run(() => restore({ id: record.id }), restored)}>
          Restore
        </button>
      ) : null}
      <ActionAlert message={error} />
    </li>
  );
}

function ArchivedList({ types, canRestore, restored }: { types: string[]; canRestore: boolean; restored(): void }) {
  const [{ data, error }, reload] = useQuery({ query: ARCHIVED, variables: { types }, requestPolicy: 'network-only' });
  if (error) return <p role="alert">The archive could not be loaded.</p>;
  if (!data) return <p class="loading">Loading…</p>;
  if (!data.archived.length) return <p class="muted">Nothing archived.</p>;
  const afterRestore = () => {
    reload({ requestPolicy: 'network-only' });
    restored();
  };
  return (
    <ul class="plain-list archived-list">
      {data.archived.map((record) => (
        <ArchivedRecord key={record.id} record={record} canRestore={canRestore} restored={afterRestore} />
      ))}
    </ul>
  );
}

/** What was archived lately (of `types`), loaded when opened, each with a Restore button for those allowed. */
export function Archived({ title, types, canRestore, restored }: { title: string; types: string[]; canRestore: boolean; restored(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="panel archived" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      {open ? <ArchivedList types={types} canRestore={canRestore} restored={restored} /> : null}
    </details>
  );
}
