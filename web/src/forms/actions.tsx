import type { CombinedError } from '@urql/core';
import { useClient } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import { graphql } from '../gql';
import { refusal, type Names } from '../refusal';

const PROJECT_NAME = graphql(`query ProjectName($id: ID!) { node(id: $id) { id ... on Project { name } } }`);

/**
 * One button's change (start a project, revoke a key, archive a partner): while it is sent the
 * buttons wait; on success every view reloads (a status moves progress, lists and badges), then
 * `done`; a refusal is kept, in words, for an `ActionAlert` next to the buttons. `names` names
 * what a refusal lists by id (partners, principles, stages); a CONFLICT with `extensions.usedBy`
 * names the active projects that use the record.
 */
export function useAction(names: Names = new Map()) {
  const client = useClient();
  const { refresher } = useDashboard();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function run(send: () => Promise<{ error?: CombinedError | undefined }>, done?: () => void): Promise<boolean> {
    setBusy(true);
    setError('');
    const { error: failed } = await send();
    if (failed) setError(await inWords(failed));
    setBusy(false);
    if (failed) return false;
    refresher.refreshAll();
    done?.();
    return true;
  }
  async function inWords(failed: CombinedError): Promise<string> {
    const usedBy = failed.graphQLErrors[0]?.extensions?.usedBy;
    if (!Array.isArray(usedBy) || usedBy.length === 0) return refusal(failed, names);
    const projects = await Promise.all(
      usedBy.map(async (id) => {
        const result = await client.query(PROJECT_NAME, { id: String(id) }).toPromise();
        const node = result.data?.node;
        return node && 'name' in node ? `“${node.name}”` : 'a project you cannot see';
      }),
    );
    const one = projects.length === 1;
    const list = one ? projects[0] : `${projects.slice(0, -1).join(', ')} and ${projects.at(-1)}`;
    return `Not archived: the active project${one ? '' : 's'} ${list} still use${one ? 's' : ''} it. Complete or cancel ${one ? 'that project' : 'them'} first, or take it out of ${one ? 'it' : 'them'}.`;
  }
  return { busy, error, setError, run };
}

/** A button's refusal, in a region that is on the page before anything is written into it. */
export function ActionAlert({ message }: { message: string }) {
  return (
    <p class="error action-error" role="alert">
      {message}
    </p>
  );
}
