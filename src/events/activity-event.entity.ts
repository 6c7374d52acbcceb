import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of an organisation's activity log; `seq` is the organisation's commit-ordered cursor.
 * Only ./event-log.ts appends rows.
 */
@Entity('activity_events')
// By table name: the event log is plumbing, and imports no feature's entity.
@ForeignKey('organisations', ['organisationId'], ['id'], { name: 'activity_events_organisation_id_fkey', onDelete: 'CASCADE' })
@Index('activity_events_project_idx', ['organisationId', 'projectId', 'seq'], { where: '(project_id IS NOT NULL)' })
export class ActivityEventRow {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('bigint')
  seq!: string;

  @Column('text')
  type!: string;

  @Column('text', { name: 'entity_type' })
  entityType!: string;

  @Column('uuid', { name: 'entity_id', nullable: true })
  entityId!: string | null;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('jsonb', { default: {} })
  data!: Record<string, unknown>;

  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;

  /** The acting user's name when the event was written (see the 1764202400000 migration). */
  @Column('text', { name: 'actor_name', nullable: true })
  actorName!: string | null;

  @Column('uuid', { name: 'actor_api_key_id', nullable: true })
  actorApiKeyId!: string | null;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;
}
