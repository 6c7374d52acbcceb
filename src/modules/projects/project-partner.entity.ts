import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Project } from './project.entity';
import { ProjectPartnerRole } from './project.enums';

/**
 * A partner's involvement in a project (one per pair). Not a GraphQL type: resolvers build the
 * contract's `ProjectPartner { partner role }` from it.
 */
@Entity('project_partners')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'project_partners_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'project_partners_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], { name: 'project_partners_organisation_id_partner_id_fkey' })
@Unique('project_partners_project_partner_key', ['organisationId', 'projectId', 'partnerId'])
@Index('project_partners_partner_idx', ['organisationId', 'partnerId'])
export class ProjectPartnerRow extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Check('project_partners_role_check', "(role = ANY (ARRAY['LEAD'::text, 'MEMBER'::text, 'CONSULTED'::text]))")
  @Column('text')
  role!: ProjectPartnerRole;
}
