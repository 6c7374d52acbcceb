import { Field, ID, InputType } from 'type-graphql';
import { IsEmail, Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN } from '../../common/slug';
import { IsCleanText, NAME_MAX } from '../../common/validation';
import { Role } from '../../auth/role';

@InputType()
export class CreateOrganisationInput {
  @Field({ description: 'Lowercase letters, digits and hyphens; 2 to 63 characters; unique.' })
  @Matches(SLUG_PATTERN, { message: 'must be 2-63 lowercase letters, digits or hyphens' })
  @MaxLength(63)
  slug!: string;

  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;
}

@InputType()
export class AddMemberInput {
  @Field({ description: 'The email of an existing account.' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @Field(() => Role)
  role!: Role;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID)
  membershipId!: string;

  @Field(() => Role)
  role!: Role;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  membershipId!: string;
}
