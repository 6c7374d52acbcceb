import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/**
 * The app's form controls: each a label, an optional hint, the control and its error, tied
 * together for screen readers. The name is the server's field (`input.title` -> `title`), so
 * `useForm`'s errors land next to it. Where several forms share a page (a form per stage), ids
 * start with the form's `prefix`, so labels and errors stay tied to the right control.
 */
interface ControlProps {
  name: string;
  label: string;
  /** Ids are `<prefix>-<name>` with a prefix, `id` when given, otherwise the name. */
  prefix?: string;
  id?: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** Where it starts; with `onInput`/`onChange` the caller keeps the value instead. */
  value?: string | null | undefined;
}

export interface Option {
  value: string;
  label: string;
}

const idOf = ({ id, prefix, name }: ControlProps) => id ?? (prefix ? `${prefix}-${name}` : name);

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** What every control shares: `aria-invalid` and `aria-describedby` for its hint and error. */
function aria(id: string, { hint, error }: ControlProps) {
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, hint, error) };
}

function Frame({ id, label, hint, error, children }: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} class="muted small hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} class="error field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A one-line input: text, email, password, number or date. */
export function Input(
  props: ControlProps & {
    type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'url';
    autocomplete?: string;
    step?: string;
    max?: string;
    inputRef?: { current: HTMLInputElement | null };
    onInput?(value: string): void;
  },
) {
  const { label, error, hint, required = false, value, type = 'text', onInput } = props;
  const id = idOf(props);
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        ref={props.inputRef}
        id={id}
        name={props.name}
        // Preact's types tie the allowed roles to each input type; these share none.
        type={type as 'text'}
        autocomplete={props.autocomplete ?? 'off'}
        step={props.step}
        max={props.max}
        required={required}
        value={onInput ? (value ?? '') : undefined}
        defaultValue={onInput ? undefined : (value ?? '')}
        onInput={onInput ? (event) => onInput((event.target as HTMLInputElement).value) : undefined}
        {...aria(id, props)}
      />
    </Frame>
  );
}

export function TextArea(props: ControlProps & { maxLength?: number }) {
  const { label, error, hint, required = false, value, maxLength = 2000 } = props;
  const id = idOf(props);
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={props.name} rows={3} maxLength={maxLength} required={required} defaultValue={value ?? ''} {...aria(id, props)} />
    </Frame>
  );
}

/** A choice among `options`; `empty` adds a first option meaning "none". */
export function Select(props: ControlProps & { options: readonly Option[]; empty?: string; onChange?(value: string): void }) {
  const { label, error, hint, required = false, value, options, empty, onChange } = props;
  const id = idOf(props);
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={props.name}
        required={required}
        // Controlled only when the caller follows the choice; otherwise a redraw must not undo it.
        value={onChange ? (value ?? '') : undefined}
        onChange={onChange ? (event) => onChange((event.target as HTMLSelectElement).value) : undefined}
        {...aria(id, props)}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} selected={onChange ? undefined : option.value === (value ?? '')}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** Several choices (stages a stage depends on, a project's principles): a group of checkboxes named `name`. */
export function Checks(props: { prefix: string; name: string; legend: string; options: Option[]; checked: string[]; error?: string | undefined }) {
  const { prefix, name, legend, options, checked, error } = props;
  const errorId = `${prefix}-${name}-error`;
  return (
    <fieldset class="options" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.length === 0 ? <p class="muted small">None to choose from.</p> : null}
      {options.map((option) => (
        <label key={option.value} class="option">
          <input type="checkbox" name={name} value={option.value} defaultChecked={checked.includes(option.value)} aria-invalid={error ? 'true' : undefined} />
          {option.label}
        </label>
      ))}
      {error ? (
        <p id={errorId} class="error field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * A secret or link shown once, in a read-only field that can be selected by hand, and a button
 * that copies it (where the browser allows the clipboard; otherwise it selects the text).
 */
export function CopyField({ id, label, value, button }: { id: string; label: string; value: string; button: string }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    const input = document.getElementById(id) as HTMLInputElement | null;
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      input?.select();
      setCopied('Selected: press Ctrl+C (or ⌘C) to copy.');
    }
  };
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="form-row">
        <input id={id} type="text" readOnly value={value} class="secret" autocomplete="off" spellcheck={false} />
        <button type="button" class="button" onClick={() => void copy()}>
          {button}
        </button>
      </div>
      <p class="muted small" role="status">
        {copied}
      </p>
    </div>
  );
}

/** Every value of the checkboxes (or other controls) named `name` in `form`. */
export function allOf(form: HTMLFormElement | null, name: string): string[] {
  return form ? new FormData(form).getAll(name).filter((value): value is string => typeof value === 'string') : [];
}

/** A text value for the API: trimmed, and null when blank (which clears a field). */
export function orNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : null;
}
