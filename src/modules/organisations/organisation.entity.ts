import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { toGlobalId } from '../../common/global-id';

/** The tenant. Row-level security shows a transaction only its own organisation and the caller's. */
@ObjectType({ implements: Node })
@Entity('organisations')
@Unique('organisations_slug_key', ['slug'])
export class Organisation {
  @PrimaryColumn('uuid', { default: () => 'uuid_v7()' })
  id!: string;

  @Field()
  @Column('text')
  slug!: string;

  @Field()
  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  get globalId(): string {
    return toGlobalId('Organisation', this.id);
  }
}
