import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver } from './modules/accounts/account.resolver';
import { UserResolver } from './modules/accounts/user.resolver';
import { ActivityResolver } from './modules/activity/activity.resolver';
import { ApiKeyResolver } from './modules/api-keys/api-key.resolver';
import { challengeResolvers } from './modules/challenges/challenge.resolver';
import { evaluationResolvers } from './modules/evaluations/evaluation.resolver';
import { liveResolvers } from './modules/live/live.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { MembershipResolver, OrganisationResolver } from './modules/organisations/organisation.resolver';
import { partnerResolvers } from './modules/partners/partner.resolver';
import { RepresentativeResolver } from './modules/partners/representative.resolver';
import { principleResolvers } from './modules/principles/principle.resolver';
import { projectResolvers } from './modules/projects/project.resolver';
import { stageResolvers } from './modules/stages/stage.resolver';

/** Every resolver class of the schema, listed explicitly (feature modules export theirs). */
export const resolvers: NonEmptyArray<Function> = [
  AccountResolver,
  UserResolver,
  OrganisationResolver,
  MembershipResolver,
  ApiKeyResolver,
  ActivityResolver,
  NodeResolver,
  ...partnerResolvers,
  RepresentativeResolver,
  ...principleResolvers,
  ...projectResolvers,
  ...challengeResolvers,
  ...stageResolvers,
  ...evaluationResolvers,
  ...liveResolvers,
];
