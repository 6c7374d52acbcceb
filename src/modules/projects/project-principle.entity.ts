import { Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from './project.entity';

/** A principle that underpins a project (one per pair). Not a GraphQL type. */
@Entity('project_principles')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'project_principles_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'project_principles_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Principle, ['organisationId', 'principleId'], ['organisationId', 'id'], {
  name: 'project_principles_organisation_id_principle_id_fkey',
})
@Unique('project_principles_project_principle_key', ['organisationId', 'projectId', 'principleId'])
@Index('project_principles_principle_idx', ['organisationId', 'principleId'])
export class ProjectPrinciple extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'principle_id' })
  principleId!: string;
}
