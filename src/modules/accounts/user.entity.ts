import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { toGlobalId } from '../../common/global-id';

/** A person with a login; global across organisations (not a tenant row). */
@ObjectType({ implements: Node })
@Entity('users')
// On lower(email): TypeORM indexes columns, not expressions, so it leaves this one alone.
@Index('users_email_key', { synchronize: false })
@Index('users_password_reset_hash_key', ['passwordResetHash'], { unique: true, where: '(password_reset_hash IS NOT NULL)' })
export class User {
  @PrimaryColumn('uuid', { default: () => 'uuid_v7()' })
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

  // The token generation (authenticate.ts, sessions.service.ts) and the reset link
  // (password-reset.service.ts) are read and written by SQL alone: no entity read or write has them.
  @Column({ type: 'int', name: 'token_generation', default: 0, select: false, insert: false, update: false })
  tokenGeneration!: number;

  @Column({ type: 'text', name: 'password_reset_hash', nullable: true, select: false, insert: false, update: false })
  passwordResetHash!: string | null;

  @Column({ type: 'timestamptz', name: 'password_reset_expires_at', nullable: true, select: false, insert: false, update: false })
  passwordResetExpiresAt!: Date | null;

  get globalId(): string {
    return toGlobalId('User', this.id);
  }
}
