import { Field, ObjectType } from 'type-graphql';
import { LIST_CAPS } from '../../limits/list-caps';
import { ApiKey } from '../api-keys/api-key.entity';
import { Membership } from '../organisations/membership.entity';
import { User } from './user.entity';

/** The caller: a user with their memberships in every organisation, or an API key. */
@ObjectType()
export class Viewer {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [Membership], { description: `The user's memberships, oldest first; at most ${LIST_CAPS.organisationsPerUser}.` })
  organisations!: Membership[];

  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;
}
