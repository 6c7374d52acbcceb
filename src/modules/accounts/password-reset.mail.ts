import { composeMail } from '../../mail/mail-content';
import type { OutgoingMail } from '../../mail/mailer';

/** What a password-reset mail says: whose account, where it is used, and the link. */
export interface PasswordResetMailFacts {
  to: string;
  /** The organisations the account is a member of, by name (a few), so the mail is recognisably theirs. */
  organisationNames: readonly string[];
  link: string;
  expiresAt: Date;
}

const listed = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** The password-reset mail, as plain text and HTML, naming the account's organisations. */
export function passwordResetMail(facts: PasswordResetMailFacts): OutgoingMail {
  return composeMail({
    kind: 'password-reset',
    to: facts.to,
    subject: 'Reset your Partnership Hub password',
    intro: [
      `Someone, hopefully you, asked to reset the password of the Partnership Hub account for ${facts.to}.`,
      ...(facts.organisationNames.length > 0 ? [`You use it with ${listed(facts.organisationNames)}.`] : []),
    ],
    action: { label: 'Choose a new password', url: facts.link },
    outro: [
      `The link works once, until ${facts.expiresAt.toUTCString()}. Choosing a new password signs you out everywhere you are signed in.`,
      'If you did not ask for this, you can ignore this mail: your password stays as it is.',
    ],
  });
}
