import type { Config } from '../../config';
import type { RequestDb } from '../../db/request-db';
import { toGlobalId } from '../../common/global-id';
import { escapeHtml } from '../../common/escape-html';
import { mailHtml, mailText } from '../../mail/mail-content';
import type { OutgoingMail } from '../../mail/mailer';
import { DigestFrequency } from './digest.enums';
import { addDays } from './digest.time';

/** How far ahead "due soon" looks, in days from the member's local today. */
export const DUE_SOON_DAYS = 7;
/** The most lines a section lists (the rest is "and N more"): a digest stays readable. */
const SECTION_CAP = 20;

export interface DigestLine {
  text: string;
  url: string;
}

export interface DigestSection {
  heading: string;
  lines: DigestLine[];
  /** Lines left out beyond the cap. */
  more: number;
}

/** One member's digest for one period; no sections means nothing to send. */
export interface Digest {
  to: string;
  memberName: string;
  organisationName: string;
  frequency: DigestFrequency.DAILY | DigestFrequency.WEEKLY;
  sections: DigestSection[];
}

export interface DigestRequest {
  organisationId: string;
  membershipId: string;
  frequency: DigestFrequency.DAILY | DigestFrequency.WEEKLY;
  /** The member's local date the period starts on (YYYY-MM-DD): "today" for due and late. */
  localDate: string;
  /** The tick's moment: celebrations are those of the day or week before it. */
  at: Date;
}

const section = (heading: string, lines: DigestLine[]): DigestSection[] =>
  lines.length === 0 ? [] : [{ heading, lines: lines.slice(0, SECTION_CAP), more: Math.max(0, lines.length - SECTION_CAP) }];

const dayName = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * Gathers what one member's digest says, reading through `db` (a transaction acting for the
 * member's organisation: row-level security and the explicit organisation predicates both keep
 * every row to it). Null when the membership is gone.
 *
 * - Stages they own (assignee) or follow, due within {@link DUE_SOON_DAYS} days or late (due
 *   before today, not done or cancelled), in projects neither archived nor finished. A member
 *   follows the projects they work on: those with a stage assigned to them. There is no project
 *   owner or follow list in the domain, and this needs none (nor a screen to manage it).
 * - Open challenges they own whose due date has passed.
 * - The organisation's celebrations of the period (the day, or the week, before `at`).
 * - For OWNERs and ADMINs: ACTIVE projects with no update for PROJECT_UPDATE_REMINDER_DAYS (the
 *   no-update reminder rides in the digest, so it comes once per period and the same claim keeps
 *   it from coming twice).
 */
export async function gatherDigest(db: RequestDb, config: Config, request: DigestRequest): Promise<Digest | null> {
  const { organisationId, membershipId, localDate, at } = request;
  const link = (route: string) => `${config.mail.publicUrl}/#/${route}`;
  const [member] = await db.query<{ user_id: string; role: string; email: string; name: string; organisation: string }>(
    'digest: the member',
    `SELECT m.user_id, m.role, u.email, u.name, o.name AS organisation
       FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
      WHERE m.organisation_id = $1 AND m.id = $2`,
    [organisationId, membershipId],
  );
  if (!member) return null;

  const stages = await db.query<{ title: string; due: string; project_id: string; project: string; mine: boolean }>(
    'digest: stages due or late',
    `SELECT s.title, s.due_date::text AS due, p.id AS project_id, p.name AS project, coalesce(s.assignee_user_id = $2, false) AS mine
       FROM stages s JOIN projects p ON p.organisation_id = s.organisation_id AND p.id = s.project_id
      WHERE s.organisation_id = $1 AND s.due_date <= $3::date AND s.status NOT IN ('DONE', 'CANCELLED')
        AND p.archived_at IS NULL AND p.status NOT IN ('COMPLETED', 'CANCELLED')
        AND (s.assignee_user_id = $2 OR s.project_id IN (SELECT f.project_id FROM stages f WHERE f.organisation_id = $1 AND f.assignee_user_id = $2))
      ORDER BY s.due_date, p.name, s.title`,
    [organisationId, member.user_id, addDays(localDate, DUE_SOON_DAYS)],
  );
  const stageLine = (stage: (typeof stages)[number]): DigestLine => ({
    text: `${stage.title} (${stage.project}): ${stage.due < localDate ? 'was due' : 'due'} ${dayName(stage.due)}`,
    url: link(`projects/${encodeURIComponent(toGlobalId('Project', stage.project_id))}`),
  });
  const late = (mine: boolean) => stages.filter((stage) => stage.mine === mine && stage.due < localDate).map(stageLine);
  const soon = (mine: boolean) => stages.filter((stage) => stage.mine === mine && stage.due >= localDate).map(stageLine);

  const challenges = await db.query<{ description: string; due: string; project: string }>(
    'digest: overdue challenges',
    `SELECT c.description, c.due_date::text AS due, p.name AS project
       FROM challenges c JOIN projects p ON p.organisation_id = c.organisation_id AND p.id = c.project_id
      WHERE c.organisation_id = $1 AND c.owner_user_id = $2 AND c.status = 'OPEN' AND c.due_date < $3::date AND p.archived_at IS NULL
      ORDER BY c.due_date, p.name`,
    [organisationId, member.user_id, localDate],
  );

  const since = new Date(at.getTime() - (request.frequency === DigestFrequency.DAILY ? 1 : 7) * 86_400_000);
  const celebrations = await db.query<{ message: string | null; title: string; project: string; project_id: string }>(
    'digest: celebrations of the period',
    `SELECT ce.message, s.title, p.name AS project, p.id AS project_id
       FROM celebrations ce JOIN stages s ON s.organisation_id = ce.organisation_id AND s.id = ce.stage_id
       JOIN projects p ON p.organisation_id = s.organisation_id AND p.id = s.project_id
      WHERE ce.organisation_id = $1 AND ce.created_at >= $2 AND ce.created_at < $3 AND p.archived_at IS NULL
      ORDER BY ce.created_at, ce.id`,
    [organisationId, since, at],
  );

  const quiet =
    member.role === 'OWNER' || member.role === 'ADMIN'
      ? await db.query<{ id: string; name: string; last: Date }>(
          'digest: projects with no recent update',
          `SELECT p.id, p.name, coalesce(max(u.created_at), p.created_at) AS last
             FROM projects p LEFT JOIN project_updates u ON u.organisation_id = p.organisation_id AND u.project_id = p.id
            WHERE p.organisation_id = $1 AND p.status = 'ACTIVE' AND p.archived_at IS NULL
            GROUP BY p.organisation_id, p.id HAVING coalesce(max(u.created_at), p.created_at) < $2
            ORDER BY 3, p.name`,
          [organisationId, new Date(at.getTime() - config.digests.updateReminderDays * 86_400_000)],
        )
      : [];

  const period = request.frequency === DigestFrequency.DAILY ? 'today' : 'this week';
  return {
    to: member.email,
    memberName: member.name,
    organisationName: member.organisation,
    frequency: request.frequency,
    sections: [
      ...section('Your stages that are late', late(true)),
      ...section('Your stages due in the next 7 days', soon(true)),
      ...section(
        'Your challenges that are overdue',
        challenges.map((c) => ({ text: `${c.description} (${c.project}): was due ${dayName(c.due)}`, url: link('challenges') })),
      ),
      ...section('Late in your projects', late(false)),
      ...section('Due soon in your projects', soon(false)),
      ...section(
        `Celebrations ${period === 'today' ? 'since yesterday' : 'this week'}`,
        celebrations.map((c) => ({
          text: `${c.title} (${c.project}) is complete${c.message ? `: “${c.message}”` : ''}`,
          url: link(`celebrations?project=${encodeURIComponent(toGlobalId('Project', c.project_id))}`),
        })),
      ),
      ...section(
        `Projects with no update for ${config.digests.updateReminderDays} days or more`,
        quiet.map((p) => ({
          text: `${p.name}: last update ${new Date(p.last).toISOString().slice(0, 10)}; post one to keep the partnership informed`,
          url: link(`projects/${encodeURIComponent(toGlobalId('Project', p.id))}`),
        })),
      ),
    ],
  };
}

/**
 * The digest as plain text and HTML with the same words (as composeMail writes the other mails),
 * with the one-click unsubscribe of RFC 8058: `List-Unsubscribe` (the link) and
 * `List-Unsubscribe-Post`, so a mail client's "Unsubscribe" button POSTs it with no sign-in.
 */
export function composeDigest(digest: Digest, unsubscribeUrl: string): OutgoingMail {
  const title = digest.frequency === DigestFrequency.DAILY ? 'Your daily digest' : 'Your weekly digest';
  const subject = `${title}: ${digest.organisationName}`;
  const intro = `Hello ${digest.memberName}, here is what needs attention in ${digest.organisationName}.`;
  const footer = `You get this because your digest in ${digest.organisationName} is ${digest.frequency.toLowerCase()}. Change it in the dashboard, or unsubscribe (no sign-in needed):`;
  const text = mailText([
    intro,
    ...digest.sections.map((s) => [s.heading, ...s.lines.map((line) => `- ${line.text}\n  ${line.url}`), ...(s.more > 0 ? [`- and ${s.more} more`] : [])].join('\n')),
    `${footer}\n${unsubscribeUrl}`,
  ]);
  const html = mailHtml(subject, [
    `<p style="margin:0 0 16px">${escapeHtml(intro)}</p>`,
    ...digest.sections.flatMap((s) => [
      `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(s.heading)}</h2>`,
      '<ul style="margin:0 0 16px;padding-left:20px">',
      ...s.lines.map((line) => `<li><a href="${escapeHtml(line.url)}" style="color:#005eb8">${escapeHtml(line.text)}</a></li>`),
      ...(s.more > 0 ? [`<li>and ${s.more} more</li>`] : []),
      '</ul>',
    ]),
    `<p style="margin:24px 0 16px;font-size:14px;color:#4c6272">${escapeHtml(footer)} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#005eb8">Unsubscribe</a></p>`,
  ]);
  return {
    kind: 'digest',
    to: digest.to,
    subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
