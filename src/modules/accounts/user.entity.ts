import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { toGlobalId } from '../../common/global-id';

/** A person with a login; global across organisations (not a tenant row). */
@ObjectType({ implements: Node })
@Entity('users')
export class User {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  /** In the schema through UserResolver.email, which refuses it to OBSERVER callers. */
  @Column('text')
  email!: string;

  @Field()
  @Column('text')
  name!: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  get globalId(): string {
    return toGlobalId('User', this.id);
  }
}
