import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';
import { Membership } from '../organisations/membership.entity';
import { User } from './user.entity';

/** The caller: a user with their memberships in every organisation, or an API key. */
@ObjectType()
export class Viewer {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [Membership])
  organisations!: Membership[];

  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;
}
