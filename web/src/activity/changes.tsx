import { formatDay, label } from '../format';
import { formatDateTime } from './when';

interface Event {
  entityType: string;
  entityId?: string | null;
  project?: { id: string } | null;
}

/** The page that shows what an event changed, where there is one (its project is linked anyway). */
export function entityLink({ entityType, entityId, project }: Event): { href: string; text: string } | null {
  switch (entityType) {
    case 'Stage':
      return project ? { href: `#/projects/${encodeURIComponent(project.id)}`, text: 'See the plan' } : null;
    case 'Evaluation':
      return entityId ? { href: `#/evaluations/${encodeURIComponent(entityId)}`, text: 'See the evaluation' } : null;
    case 'Partner':
    case 'Representative':
      return { href: '#/partners', text: 'See the partners' };
    case 'Principle':
      return { href: '#/principles', text: 'See the principles' };
    case 'Challenge':
      return { href: '#/challenges', text: 'See the challenges' };
    case 'Membership':
    case 'Invitation':
    case 'ApiKey':
      return { href: '#/organisation', text: 'See the members' };
    default:
      return null;
  }
}

/** "dueDate" -> "Due date", "ownerPartnerId" -> "Owner partner". */
export function fieldName(field: string): string {
  const words = field
    .replace(/Ids$/, 's')
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A recorded value (always text) for people: days and instants as dates, enum values in words. */
export function valueText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return formatDateTime(value);
  if (/^[A-Z][A-Z_]+$/.test(value)) return label(value);
  if (value === 'true' || value === 'false') return value === 'true' ? 'yes' : 'no';
  return value;
}

/** What an event changed, one field a line: "Title: old → new" (ids, which mean nothing to people, as "changed"). */
export function Changes({ changes }: { changes: { field: string; from?: string | null; to?: string | null }[] }) {
  if (!changes.length) return null;
  return (
    <ul class="changes">
      {changes.map((change) => (
        <li key={change.field} class="change">
          <span class="change-field">{fieldName(change.field)}</span>
          {/Ids?$/.test(change.field) ? (
            ': changed'
          ) : (
            <>
              {': '}
              <span class="change-from">{valueText(change.from)}</span>
              <span aria-hidden="true"> → </span>
              <span class="visually-hidden"> changed to </span>
              <span class="change-to">{valueText(change.to)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
