import { registerEnumType } from 'type-graphql';

/** Where an invitation stands; EXPIRED is derived from `expiresAt`, never stored. */
export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'PENDING until accepted, revoked or past expiresAt (then EXPIRED).',
});

/** The status of an invitation with these timestamps at `now`. */
export function invitationStatus(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = Date.now()): InvitationStatus {
  if (invitation.acceptedAt) return InvitationStatus.ACCEPTED;
  if (invitation.revokedAt) return InvitationStatus.REVOKED;
  return invitation.expiresAt.getTime() <= now ? InvitationStatus.EXPIRED : InvitationStatus.PENDING;
}
