import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useFocusLater } from '../forms/open-form';

/** A button that opens `form` in its place, and takes focus back when the form closes. */
export function Opener({ id, text, label, form }: { id: string; text: string; label?: string; form: (close: () => void) => JSX.Element }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater(id);
    setOpen(false);
  };
  return open ? (
    form(close)
  ) : (
    <button type="button" id={id} class="button" aria-label={label} onClick={() => setOpen(true)}>
      {text}
    </button>
  );
}
