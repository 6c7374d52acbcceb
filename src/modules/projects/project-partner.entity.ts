import { Column, Entity } from 'typeorm';
import { TenantEntity } from '../../db/tenant-entity';
import { ProjectPartnerRole } from './project.enums';

/**
 * A partner's involvement in a project (one per pair). Not a GraphQL type: resolvers build the
 * contract's `ProjectPartner { partner role }` from it.
 */
@Entity('project_partners')
export class ProjectPartnerRow extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text')
  role!: ProjectPartnerRole;
}
