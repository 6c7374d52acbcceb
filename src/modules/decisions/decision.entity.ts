import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Project } from '../projects/project.entity';

/**
 * A decision of a project's partnership: what was decided, on which day, which partners agreed,
 * and what it concerns (decision-links.entity.ts). Recorded once and never edited.
 */
@ObjectType({ implements: Node, description: "A decision of a project's partnership, as recorded in its decision log; never edited." })
@Entity('decisions')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'decisions_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'decisions_organisation_id_project_id_fkey', onDelete: 'CASCADE' })
@Index('decisions_listing_idx', ['organisationId', 'createdAt', 'id'])
@Index('decisions_project_idx', ['organisationId', 'projectId', 'createdAt', 'id'])
@Index('decisions_user_idx', ['organisationId', 'recordedByUserId'], { where: '(recorded_by_user_id IS NOT NULL)' })
export class Decision extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  /** A calendar day, 'YYYY-MM-DD', not after the day it was recorded. */
  @Field(() => DateScalar, { description: 'The day it was decided (not in the future when recorded).' })
  @Column('date', { name: 'decided_on' })
  decidedOn!: string;

  @Field({ description: 'What was decided.' })
  @Check('decisions_text_check', '(char_length(text) <= 10000)')
  @Column('text')
  text!: string;

  /** The recording user; null when an API key recorded it, or they are no longer a member. */
  @ForeignKey(() => User, { name: 'decisions_recorded_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  /** The recording API key, when one recorded it. */
  @Column('uuid', { name: 'recorded_by_api_key_id', nullable: true })
  recordedByApiKeyId!: string | null;

  @Reads(() => Decision, 'createdAt')
  @Field(() => Date, { name: 'createdAt', description: 'When it was recorded.' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}
