import { entityRead, readStatement, tenantOf } from '../../db/entity-read';
import { LIST_CAPS } from '../../limits/list-caps';
import { batched } from '../../read/batched';
import { Invitation } from './invitation.entity';
import { InvitationStatus } from './invitation.enums';

/** A status filter as SQL over the alias `i` (EXPIRED and PENDING compare with the statement's time). */
const CONDITIONS: Record<InvitationStatus | 'ANY', string> = {
  ANY: '',
  [InvitationStatus.PENDING]: 'AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > statement_timestamp()',
  [InvitationStatus.EXPIRED]: 'AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at <= statement_timestamp()',
  [InvitationStatus.ACCEPTED]: 'AND i.accepted_at IS NOT NULL',
  [InvitationStatus.REVOKED]: 'AND i.revoked_at IS NOT NULL',
};

/**
 * The request's organisation's invitations with a status (or of any: 'ANY'), newest first, at
 * most LIST_CAPS.invitationsPerOrganisation (inviteMember refuses more pending ones; older
 * accepted, revoked and expired ones fall off the end). One statement per status asked.
 */
export const invitationsWithStatus = batched<InvitationStatus | 'ANY', Invitation[]>('Organisation.invitations', (_read, db, statuses) => {
  const read = entityRead(db, Invitation);
  return Promise.all(
    statuses.map(async (status) => {
      const sql = readStatement(
        `Organisation.invitations:${status}`,
        [read],
        () => `SELECT ${read.select('i')} FROM invitations i WHERE i.organisation_id = $1 ${CONDITIONS[status]} ORDER BY i.created_at DESC, i.id DESC LIMIT $2`,
      );
      return read.toEntities<Invitation>(await db.read(sql, [tenantOf(db), LIST_CAPS.invitationsPerOrganisation]));
    }),
  );
});
