/**
 * Optional free text as it is stored: trimmed, and null when blank or absent. Callers that must
 * tell "leave it as it is" (undefined) from "clear it" (null) check for undefined before calling.
 */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
