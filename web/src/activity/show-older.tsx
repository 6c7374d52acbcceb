import { useLayoutEffect, useState } from 'preact/hooks';
import { plural } from '../format';
import type { History } from './history';

/**
 * The count of what is shown, and "Show older" under a {@link History}'s list (`list` is the
 * list's id; its items take focus with tabIndex -1). The button is never disabled while it loads:
 * a disabled button drops keyboard focus. When the last page came and the button went, focus moves
 * to the first entry it added.
 */
export function ShowOlder<Node>({ history, id, list, noun }: { history: History<Node>; id: string; list: string; noun: [string, string] }) {
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (focusAt === null) return;
    setFocusAt(null);
    if (!document.getElementById(id)) document.querySelectorAll<HTMLElement>(`#${list} > li`)[focusAt]?.focus();
  }, [focusAt]);
  const shown = history.edges?.length ?? 0;
  const older = async () => {
    const added = await history.showOlder();
    if (added) setFocusAt(shown);
  };
  return (
    <div class="show-older">
      <p class="muted small" role="status">
        {shown ? `Showing ${shown} of ${plural(history.totalCount, ...noun)}, newest first.` : ''}
      </p>
      {shown && (history.more || history.olderProblem) ? (
        <button type="button" id={id} class="button" aria-disabled={history.loadingOlder ? 'true' : undefined} onClick={() => void older()}>
          {history.loadingOlder ? 'Loading…' : `Show older ${noun[1]}`}
        </button>
      ) : null}
      {history.olderProblem ? (
        <p class="error" role="alert">
          {history.olderProblem}
        </p>
      ) : null}
    </div>
  );
}
