import { useEffect, useState } from 'preact/hooks';
import type { StageEvent } from '../live';

const SHOW_FOR_MS = 20_000;
const AT_MOST = 3;

export interface Celebration {
  /** Unique per banner: the event's cursor. */
  key: string;
  event: StageEvent;
}

/** The celebrations on screen, newest first: `show` adds one, which leaves by itself after a while. */
export function useCelebrations(): { shown: Celebration[]; show(event: StageEvent): void; dismiss(key: string): void } {
  const [shown, setShown] = useState<Celebration[]>([]);
  const dismiss = (key: string) => setShown((all) => all.filter((c) => c.key !== key));
  const [timers] = useState(() => new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.forEach(clearTimeout), []);
  return {
    shown,
    dismiss,
    show(event) {
      const key = event.cursor;
      setShown((all) => [{ key, event }, ...all.filter((c) => c.key !== key)].slice(0, AT_MOST));
      const timer = setTimeout(() => {
        timers.delete(timer);
        dismiss(key);
      }, SHOW_FOR_MS);
      timers.add(timer);
    },
  };
}

/**
 * The celebration banner: every completed stage of the organisation, whoever completed it. The
 * region is in the page from the start and is `aria-live`, so screen readers announce each one.
 */
export function Celebrations({ shown, dismiss }: { shown: Celebration[]; dismiss(key: string): void }) {
  return (
    <section class="celebrations" aria-live="polite" aria-label="Celebrations">
      {shown.map(({ key, event }) => (
        <div class="celebration" key={key} data-stage-id={event.stage.id}>
          <span class="celebration-icon" aria-hidden="true">
            ★
          </span>
          <div class="celebration-body">
            <p class="celebration-title">
              Stage complete: <strong class="celebration-stage">{event.stage.title}</strong>
            </p>
            <p class="celebration-meta">
              {event.stage.owner ? <span class="celebration-partner">{event.stage.owner.name}</span> : null}
              {event.stage.owner ? ' · ' : null}
              {event.project.name}
            </p>
            {event.celebration?.message ? <p class="celebration-message">{event.celebration.message}</p> : null}
          </div>
          <button type="button" class="button subtle" aria-label={`Dismiss the celebration of ${event.stage.title}`} onClick={() => dismiss(key)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
