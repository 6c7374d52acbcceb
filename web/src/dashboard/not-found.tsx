import type { CombinedError } from '@urql/core';
import { errorMessage } from '../api';

/** A project or evaluation that is not (or no longer) in this organisation. */
export function NotFound({ what }: { what: string }) {
  return (
    <div>
      <h1 tabIndex={-1}>{`${what} not found`}</h1>
      <p>
        <a href="#/">Back to the overview</a>
      </p>
    </div>
  );
}

/** A view that could not load and has nothing to show instead. */
export function ViewError({ error, retry }: { error: CombinedError; retry(): void }) {
  return (
    <div class="card">
      <h1 tabIndex={-1}>This page could not be loaded</h1>
      <p role="alert">{errorMessage(error)}</p>
      <button type="button" class="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
