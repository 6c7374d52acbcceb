import { useDashboard } from '../dashboard/context';

const RANK: Record<string, number> = { OBSERVER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/**
 * What the caller may do on the organisation, partner and principle pages, as the server decides
 * it: a control the server would refuse is not offered at all.
 */
export function useAccess() {
  const { role, person } = useDashboard();
  const atLeast = (wanted: string) => (RANK[role] ?? 0) >= (RANK[wanted] ?? 99);
  return {
    role,
    /** Partners, representatives, principles: MEMBER and up, people and keys alike. */
    edit: atLeast('MEMBER'),
    /** Archiving and restoring principles. */
    admin: atLeast('ADMIN'),
    /** Members, invitations, API keys and representatives' links: ADMIN and up, and a person, never a key. */
    manage: person && atLeast('ADMIN'),
    owner: role === 'OWNER',
    /** OBSERVERs see people's names, not their emails. */
    emails: atLeast('MEMBER'),
  };
}
