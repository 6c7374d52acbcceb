import { composeMail } from '../../mail/mail-content';
import type { OutgoingMail } from '../../mail/mailer';

/** What the switched-off mail says: which endpoint of which organisation, and why. */
export interface SwitchedOffFacts {
  to: string;
  organisationName: string;
  /** The endpoint's URL: the mail names only its host (a path may carry the receiver's token). */
  url: string;
  reason: string;
  /** The organisation's page in the dashboard. */
  link: string;
}

/** The mail to an organisation's owners and admins when one of its webhook endpoints is switched off after repeated failure. */
export function switchedOffMail(facts: SwitchedOffFacts): OutgoingMail {
  const host = new URL(facts.url).host;
  return composeMail({
    kind: 'webhook-switched-off',
    to: facts.to,
    subject: `A webhook of ${facts.organisationName} was switched off`,
    intro: [
      `Partnership Hub has stopped sending events to the webhook endpoint at ${host}, set up for ${facts.organisationName}: ${facts.reason}.`,
      'Events recorded while it is off are not sent to it. Deliveries that were waiting for a retry have been marked as failed.',
    ],
    action: { label: 'Open the organisation', url: facts.link },
    outro: [
      'Once the receiver works again, an owner or administrator can enable the endpoint (enableWebhookEndpoint) and send failed deliveries again by hand (redeliverWebhook).',
      'You receive this because you are an owner or administrator of the organisation.',
    ],
  });
}
