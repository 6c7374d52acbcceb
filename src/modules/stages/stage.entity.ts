import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { StageStatus } from './stage.enums';

/**
 * One step of a project's action plan. `position` is 0-based and unique within the project, checked
 * at commit (re-ordering shifts positions inside one transaction).
 */
@ObjectType({ implements: Node })
@Entity('stages')
export class Stage extends VersionedTenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Field()
  @Column('text')
  title!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description!: string | null;

  @Field(() => Int)
  @Column('int')
  position!: number;

  @Field(() => StageStatus)
  @Column('text', { default: StageStatus.NOT_STARTED })
  status!: StageStatus;

  @Column('uuid', { name: 'owner_partner_id', nullable: true })
  ownerPartnerId!: string | null;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'due_date', nullable: true })
  dueDate!: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  /** Set when the stage is DONE (the database requires it then). */
  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** The user who completed the stage; null when an API key did. */
  @Column('uuid', { name: 'completed_by_user_id', nullable: true })
  completedByUserId!: string | null;

  /** The member who owns the stage's work; the database clears it when they leave the organisation. */
  @Column('uuid', { name: 'assignee_user_id', nullable: true })
  assigneeUserId!: string | null;

  /** Required while BLOCKED (the database checks it). */
  @Field(() => String, { nullable: true })
  @Column('text', { name: 'blocked_reason', nullable: true })
  blockedReason!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
