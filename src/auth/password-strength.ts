import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/**
 * zxcvbn's score 3: about 10^8 guesses or more, "safely unguessable" against online guessing and
 * well beyond the list-and-rules attacks that try `aaaaaaaaaa`, `password123` or `qwertyuiop`.
 */
const MIN_SCORE = 3;
/**
 * Only this many characters are scored: zxcvbn's matching grows faster than the length (a
 * 200-character repeat took ~0.4 s of the event loop), and a password longer than this that is
 * weak in its first 64 characters is weak anyway.
 */
const SCORED_LENGTH = 64;

/** zxcvbn's warning keys, worded for the API's messages (language-en's translations weigh 5 MB). */
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a row of keys',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats characters like "aaa"',
  extendedRepeat: 'it repeats a pattern like "abcabcabc"',
  sequences: 'it is a sequence like "abc" or "6543"',
  recentYears: 'it is built on a recent year',
  dates: 'it is built on a date',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is one of the most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is too like a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
  commonNames: 'it is built on common names',
  userInputs: 'it is built on your name or email',
  pwned: 'it has appeared in a data breach',
};

let estimator: ZxcvbnFactory | undefined;

/**
 * Why `password` is too easy to guess (for a message), or null when it is not. zxcvbn-ts with its
 * common-language data (passwords, names, keyboard layouts); `userInputs` (the email, the name)
 * count as known words. Built on first use: loading its dictionaries takes ~20 ms.
 */
export function weakPasswordReason(password: string, userInputs: string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: SCORED_LENGTH });
  // Each input, an email's local part, and their words: `ann.smith1` is no stronger than `ann.smith`.
  const words = userInputs
    .flatMap((input) => [input.split('@')[0]!, ...input.split(/[^\p{L}\p{N}]+/u)])
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3);
  const result = estimator.check(password, [...userInputs, ...words]);
  if (result.score >= MIN_SCORE) return null;
  return (result.feedback.warning && WARNINGS[result.feedback.warning]) || 'it would be guessed quickly';
}

/**
 * class-validator constraint for a new password: `@Validate(GuessablePassword)`. Refuses common
 * and trivially weak passwords with a message that says why and what works instead; the input's
 * `email` and `name`, when it has them, count against it.
 */
@ValidatorConstraint({ name: 'guessablePassword' })
export class GuessablePassword implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'string' && weakPasswordReason(value, knownWords(args)) === null;
  }

  /** Only on failure: scores it once more for the reason (validators are shared: no state between the calls). */
  defaultMessage(args: ValidationArguments): string {
    const reason = typeof args.value === 'string' ? weakPasswordReason(args.value, knownWords(args)) : null;
    return `is too easy to guess (${reason ?? 'it would be guessed quickly'}): use a longer passphrase of several unrelated words`;
  }
}

function knownWords(args: ValidationArguments): string[] {
  const input = args.object as { email?: unknown; name?: unknown };
  return [input.email, input.name].filter((value): value is string => typeof value === 'string');
}
