import { useEffect, useState } from 'preact/hooks';

export const DEFAULT_ROTATE_SECONDS = 30;
/** Less than this and a room cannot read a project before it moves on. */
export const MIN_ROTATE_SECONDS = 10;
const MAX_ROTATE_SECONDS = 3_600;

/** The kiosk link's `rotate=` (seconds per project): 30 when absent or not a number, clamped to 10 s to an hour. */
export function rotateSeconds(search: string): number {
  const asked = Number.parseInt(new URLSearchParams(search).get('rotate') ?? '', 10);
  if (!Number.isFinite(asked)) return DEFAULT_ROTATE_SECONDS;
  return Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, asked));
}

export interface Rotation {
  /** Which of `count` items shows now. */
  index: number;
  /** Whole seconds until the next one; null while paused or with nothing to rotate to. */
  secondsLeft: number | null;
  paused: boolean;
  /** The clock the wall shows, advanced every second. */
  now: number;
}

/**
 * Moves through `count` items, one every `seconds`. Deadlines are wall-clock times, not counted
 * ticks: a browser that throttles timers (a screen saver, a hidden tab) still moves on time.
 * Space pauses and resumes; the arrow keys step by hand (a person at the screen).
 */
export function useRotation(count: number, seconds: number): Rotation {
  const [now, setNow] = useState(Date.now);
  const [state, setState] = useState({ index: 0, dueAt: Date.now() + seconds * 1_000, paused: false, leftWhenPaused: seconds * 1_000 });

  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setState((s) => (s.paused || at < s.dueAt ? s : { ...s, index: s.index + 1, dueAt: at + seconds * 1_000 }));
    }, 1_000);
    return () => clearInterval(timer);
  }, [seconds]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const at = Date.now();
      if (event.key === ' ') {
        event.preventDefault();
        setState((s) => (s.paused ? { ...s, paused: false, dueAt: at + s.leftWhenPaused } : { ...s, paused: true, leftWhenPaused: Math.max(0, s.dueAt - at) }));
      } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        const step = event.key === 'ArrowRight' ? 1 : -1;
        setState((s) => ({ ...s, index: s.index + step, dueAt: at + seconds * 1_000, leftWhenPaused: seconds * 1_000 }));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [seconds]);

  const index = count > 0 ? ((state.index % count) + count) % count : 0;
  const secondsLeft = state.paused || count < 2 ? null : Math.max(0, Math.ceil((state.dueAt - now) / 1_000));
  return { index, secondsLeft, paused: state.paused, now };
}
