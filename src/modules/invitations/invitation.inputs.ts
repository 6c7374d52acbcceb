import { Field, ID, InputType } from 'type-graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { IsCleanText, NAME_MAX } from '../../common/validation';
import { Role } from '../../auth/role';

@InputType()
export class InviteMemberInput {
  @Field({ description: 'Where the link is mailed; the account with this email, or a new one, joins on acceptance.' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @Field(() => Role, { description: 'OWNER only from an OWNER.' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: "A representative of one of the organisation's partners, linked to the member on acceptance." })
  representativeId?: string | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The token from the link in the invitation mail.' })
  @MaxLength(200)
  token!: string;

  @Field(() => String, { nullable: true, description: "Required when the invited email has no account yet: the new account's name." })
  @IsCleanText({ max: NAME_MAX })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The new account's password (same rules as signUp) when the email has no account; otherwise that account's password, unless the request is signed in as it.",
  })
  @MaxLength(200)
  password?: string | null;
}
