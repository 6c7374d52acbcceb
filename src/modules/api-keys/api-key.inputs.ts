import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { IsCleanText, NAME_MAX } from '../../common/validation';
import { Role } from '../../auth/role';
import { ApiKey } from './api-key.entity';

@InputType()
export class CreateApiKeyInput {
  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;

  @Field(() => Role, { nullable: true, description: 'Defaults to OBSERVER (a read-only screen). Never above your own; never OWNER.' })
  @IsOptional()
  role?: Role | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The secret, shown this once: only a hash of it is kept.' })
  secret!: string;
}
