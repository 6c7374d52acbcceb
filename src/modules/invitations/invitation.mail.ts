import { composeMail } from '../../mail/mail-content';
import type { OutgoingMail } from '../../mail/mailer';
import { Role } from '../../auth/role';

const ROLE_WORDS: Record<Role, string> = {
  [Role.OWNER]: 'an owner',
  [Role.ADMIN]: 'an administrator',
  [Role.MEMBER]: 'a member',
  [Role.OBSERVER]: 'an observer',
};

/** What an invitation mail says: who asks whom to join which organisation, and for whom they will speak. */
export interface InvitationMailFacts {
  to: string;
  organisationName: string;
  inviterName: string | null;
  role: Role;
  /** The representative the invitee becomes, with their partner, when the invitation names one. */
  speaksFor: { representativeName: string; partnerName: string } | null;
  link: string;
  expiresAt: Date;
}

/** The invitation mail, as plain text and HTML, with the organisation's name. */
export function invitationMail(facts: InvitationMailFacts): OutgoingMail {
  const who = facts.inviterName ?? 'An administrator';
  return composeMail({
    kind: 'invitation',
    to: facts.to,
    subject: `Join ${facts.organisationName} on Partnership Hub`,
    intro: [
      `${who} has invited you to join ${facts.organisationName} on Partnership Hub as ${ROLE_WORDS[facts.role]}.`,
      ...(facts.speaksFor ? [`You are invited to speak for ${facts.speaksFor.partnerName}, as its representative ${facts.speaksFor.representativeName}.`] : []),
    ],
    action: { label: `Join ${facts.organisationName}`, url: facts.link },
    outro: [
      `The link works once, until ${facts.expiresAt.toUTCString()}. If you already have a Partnership Hub account with this email, you will use it; if not, you will choose your name and a password.`,
      'If you did not expect this invitation, you can ignore this mail: nothing happens unless the link is used.',
    ],
  });
}
