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

@InputType()
export class RequestPasswordResetInput {
  @Field({ description: "The account's email; the answer is the same whether or not it has one." })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The token from the link in the password-reset mail.' })
  @MaxLength(200)
  token!: string;

  @Field({ description: "The new password: the same rules as signUp (the account's email and name count against it)." })
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  @Validate(GuessablePassword)
  password!: string;
}
