import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { ProjectStatus } from './project.enums';

/** A change the organisation runs in partnership. */
@ObjectType({ implements: Node })
@Entity('projects')
export class Project extends VersionedTenantEntity {
  @Field()
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  goals!: string | null;

  @Field(() => ProjectStatus)
  @Column('text', { default: ProjectStatus.PROPOSED })
  status!: ProjectStatus;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'start_date', nullable: true })
  startDate!: string | null;

  /** A calendar day, 'YYYY-MM-DD'; never before startDate. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'target_date', nullable: true })
  targetDate!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
