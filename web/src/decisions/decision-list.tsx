import { formatDay, formatInstant } from '../format';

/** A decision as the lists show it (the project page's and the organisation's ask for the same fields). */
export interface DecisionItem {
  id: string;
  decidedOn: string;
  text: string;
  createdAt: string;
  recordedBy?: { name: string } | null;
  agreedBy: { id: string; name: string }[];
  stages: { id: string; title: string }[];
  challenges: { id: string; description: string }[];
  principles: { id: string; title: string }[];
  project?: { id: string; name: string };
}

/** What a decision concerns, each with a link to where it is shown. */
function Concerns({ decision }: { decision: DecisionItem }) {
  const projectHash = decision.project ? `#/projects/${encodeURIComponent(decision.project.id)}` : undefined;
  const links = [
    ...decision.stages.map((s) => ({ key: s.id, text: `Stage: ${s.title}`, href: projectHash })),
    ...decision.challenges.map((c) => ({ key: c.id, text: `Challenge: ${c.description}`, href: '#/challenges' })),
    ...decision.principles.map((p) => ({ key: p.id, text: `Principle: ${p.title}`, href: '#/principles' })),
  ];
  if (!links.length) return null;
  return (
    <ul class="concerns" aria-label="Concerns">
      {links.map((link) => (
        <li key={link.key}>{link.href ? <a href={link.href}>{link.text}</a> : link.text}</li>
      ))}
    </ul>
  );
}

/** Decisions, newest recorded first: the day, what was decided, who agreed, what it concerns, and who recorded it. */
export function DecisionList({ decisions, id }: { decisions: DecisionItem[]; id?: string }) {
  if (!decisions.length) return <p class="muted">No decisions recorded yet.</p>;
  return (
    <ul id={id} class="plain-list decisions" aria-label="Decisions, newest first">
      {decisions.map((d) => (
        <li key={d.id} class="decision" tabIndex={-1}>
          <p>
            <strong>{formatDay(d.decidedOn)}</strong>
            {d.project ? (
              <>
                {' · '}
                <a href={`#/projects/${encodeURIComponent(d.project.id)}`}>{d.project.name}</a>
              </>
            ) : null}
          </p>
          <p class="narrative">{d.text}</p>
          <p class="small">{`Agreed by ${d.agreedBy.map((p) => p.name).join(', ')}`}</p>
          <Concerns decision={d} />
          <p class="muted small">{`Recorded by ${d.recordedBy?.name ?? 'an API key'}, ${formatInstant(d.createdAt)}`}</p>
        </li>
      ))}
    </ul>
  );
}
