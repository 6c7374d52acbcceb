import { defineFeature } from '../../common/feature';
import { AccountResolver } from './account.resolver';
import { User } from './user.entity';
import { UserResolver } from './user.resolver';

export const accountsFeature = defineFeature({ name: 'accounts', entities: [User], resolvers: [AccountResolver, UserResolver], nodes: [User] });
