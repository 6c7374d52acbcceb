import type { CombinedError, OperationResult } from '@urql/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';

/** What went wrong with a form: messages next to the fields they concern, and the rest. */
export interface FormErrors {
  fields: Partial<Record<string, string>>;
  alert: string;
}

export const NO_ERRORS: FormErrors = { fields: {}, alert: '' };

/** Which field a CONFLICT is about, when the form can tell (the server names no field for one). */
export type ConflictField = (error: CombinedError['graphQLErrors'][number]) => string | undefined;

/**
 * Splits a mutation's errors for a form: a BAD_USER_INPUT names its field in
 * `extensions.field` (`input.password`), with every failure in `extensions.fields`; each failure
 * of a field the form shows goes next to it ("Password must be at least 10 characters"),
 * everything else (a wrong password, a taken slug, a rate limit, no connection) to the form's alert.
 */
export function formErrors(error: CombinedError, labels: Record<string, string>, conflictField?: ConflictField): FormErrors {
  const result: FormErrors = { fields: {}, alert: '' };
  const alerts: string[] = [];
  const fieldName = (path: unknown) => (typeof path === 'string' ? path.replace(/^input\./, '') : undefined);
  for (const graphQLError of error.graphQLErrors) {
    const { code, field, fields } = graphQLError.extensions as { code?: unknown; field?: unknown; fields?: unknown };
    const failures: { field: unknown; message: unknown }[] = Array.isArray(fields) ? fields : [{ field, message: graphQLError.message }];
    let placed = false;
    if (code === 'BAD_USER_INPUT') {
      for (const failure of failures) {
        const name = fieldName(failure.field);
        const label = name ? labels[name] : undefined;
        if (!name || !label || result.fields[name]) continue;
        // "Invalid input.password: must be at least 10 characters" -> "Password must be at least 10 characters.";
        // a whole sentence ("A measurement cannot be dated in the future") is said as it is.
        const words = String(failure.message).replace(/^Invalid [\w.]+: /, '');
        result.fields[name] = `${/^[A-Z]/.test(words) ? '' : `${label} `}${words}${/[.!?]$/.test(words) ? '' : '.'}`;
        placed = true;
      }
    }
    // A CONFLICT about one field (a taken partner name) goes next to it, as is.
    const conflicting = !placed && code === 'CONFLICT' ? conflictField?.(graphQLError) : undefined;
    if (conflicting && !result.fields[conflicting]) {
      result.fields[conflicting] = graphQLError.message;
      placed = true;
    }
    if (!placed) alerts.push(graphQLError.message);
  }
  if (error.networkError || error.graphQLErrors.length === 0) alerts.push(errorMessage(error));
  result.alert = alerts.join(' ');
  return result;
}

/** The form's own errors, in a region that is on the page before anything is written into it. */
export function FormAlert({ message }: { message: string }) {
  return (
    <p class="error form-error" role="alert">
      {message}
    </p>
  );
}

/** After a failed submit, focus goes to the first field in error (or stays, and the alert is read out). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
}

/** The values of a form's named inputs. */
export function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value;
  });
  return values;
}

/**
 * A form's state around one mutation: `submit` sends the form's values through `send`, and gives
 * back the data, or shows the errors (fields first) and gives back undefined. While it is sent,
 * `busy` disables the submit button; afterwards focus goes to the first field in error, or back
 * where it was.
 */
export function useForm(labels: Record<string, string>, conflictField?: ConflictField) {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (errors === NO_ERRORS) return;
    if (Object.keys(errors.fields).length) focusFirstInvalid(form.current);
    else if (document.activeElement === document.body || document.activeElement === null) returnFocus.current?.focus();
  }, [errors]);
  async function submit<T>(event: Event, send: (values: Record<string, string>) => Promise<OperationResult<T>>): Promise<T | undefined> {
    event.preventDefault();
    if (!form.current || busy) return undefined;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    setErrors(NO_ERRORS);
    const result = await send(valuesOf(form.current));
    setBusy(false);
    if (result.data && !result.error) return result.data;
    setErrors(result.error ? formErrors(result.error, labels, conflictField) : { fields: {}, alert: 'Something went wrong. Try again.' });
    return undefined;
  }
  return { form, errors, busy, submit };
}
