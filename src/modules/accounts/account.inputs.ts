import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, MaxLength, MinLength, Validate } from 'class-validator';
import { GuessablePassword } from '../../auth/password-strength';
import { IsCleanText } from '../../common/validation';
import { User } from './user.entity';

@InputType()
export class SignUpInput {
  @Field()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @Field()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  // Common and trivially weak passwords (catalogue 66), with the email and name as known words.
  @Validate(GuessablePassword)
  password!: string;

  @Field()
  @IsCleanText({ max: 200 })
  name!: string;
}

@InputType()
export class LogInInput {
  @Field()
  @MaxLength(254)
  email!: string;

  @Field()
  @MaxLength(200)
  password!: string;
}

@ObjectType()
export class AuthPayload {
  @Field()
  token!: string;

  @Field(() => User)
  user!: User;
}
