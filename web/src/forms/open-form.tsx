import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';

/**
 * While a form is open, live reloads wait (nobody loses what they type to someone else's change);
 * its first control takes focus, and Escape closes it.
 */
export function useOpenForm(form: { current: HTMLFormElement | null }, close: () => void) {
  const { refresher } = useDashboard();
  // Once its first control is drawn (some wait for the choices they offer), at once, before a
  // key pressed next can reach the page behind.
  const focused = useRef(false);
  useLayoutEffect(() => {
    const first = focused.current ? null : form.current?.querySelector<HTMLElement>('input, select, textarea');
    if (!first) return;
    focused.current = true;
    first.focus();
  });
  useEffect(() => {
    refresher.setEditing(true);
    return () => refresher.setEditing(false);
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
  };
  return onKeyDown;
}

/** The buttons at the foot of a form. */
export function FormButtons({ busy, submit, close }: { busy: boolean; submit: string; close(): void }) {
  return (
    <div class="form-row">
      <button type="submit" class="button primary" disabled={busy}>
        {submit}
      </button>
      <button type="button" class="button subtle" onClick={close}>
        Cancel
      </button>
    </div>
  );
}

/**
 * Focus for a control not drawn yet: the button that opened a form comes back only once the form
 * has closed, so it takes focus after that redraw, not before.
 */
export function useFocusLater(): (id: string) => void {
  const pending = useRef<string | null>(null);
  useLayoutEffect(() => {
    const target = pending.current ? document.getElementById(pending.current) : null;
    if (!target) return;
    pending.current = null;
    target.focus();
  });
  return (id) => {
    pending.current = id;
  };
}

/**
 * A form opened in place (involve a partner, record an agreement, add a measure), as a card by
 * default: named for screen readers by `label`, with {@link useOpenForm}'s focus, Escape and
 * waiting live reloads. The browser's own validation is off: the server's errors go next to fields.
 */
export function OpenForm(props: {
  form: { current: HTMLFormElement | null };
  label: string;
  close(): void;
  onSubmit(event: Event): void;
  class?: string;
  children: ComponentChildren;
}) {
  const onKeyDown = useOpenForm(props.form, props.close);
  return (
    <form ref={props.form} class={props.class ?? 'card inline-form'} noValidate aria-label={props.label} onKeyDown={onKeyDown} onSubmit={props.onSubmit}>
      {props.children}
    </form>
  );
}
