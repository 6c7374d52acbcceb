import { registerDecorator, type ValidationOptions } from 'class-validator';

// NUL cannot be stored in PostgreSQL text; lone surrogates are not Unicode text at all.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` is not clean text, or null when it is. */
export function textProblem(value: unknown, options: { max: number; allowEmpty?: boolean }): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  if (!options.allowEmpty && value.trim().length === 0) return 'must not be empty';
  if (value.length > options.max) return `must be at most ${options.max} characters`;
  return null;
}

/**
 * Text that can be stored and shown: no NUL, no lone surrogate, at most `max` characters and, unless
 * `allowEmpty`, not blank. Names use max 200, long texts 10,000.
 */
export function IsCleanText(options: { max: number; allowEmpty?: boolean }, validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCleanText',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => value === null || value === undefined || textProblem(value, options) === null,
        defaultMessage: (args) => textProblem(args?.value, options) ?? 'is invalid',
      },
    });
}

export const NAME_MAX = 200;
export const TEXT_MAX = 10_000;
