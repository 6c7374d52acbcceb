import { Column, Entity } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';

/** Service-user involvement in an evaluation: which partner, when, what they said. */
@ObjectType()
@Entity('involvements')
export class Involvement extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Field()
  @Column('text')
  summary!: string;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar)
  @Column('date')
  date!: string;
}
