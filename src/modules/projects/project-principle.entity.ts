import { Column, Entity } from 'typeorm';
import { TenantEntity } from '../../db/tenant-entity';

/** A principle that underpins a project (one per pair). Not a GraphQL type. */
@Entity('project_principles')
export class ProjectPrinciple extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'principle_id' })
  principleId!: string;
}
