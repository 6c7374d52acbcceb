import { defineFeature } from '../../common/feature';
import { ActivityResolver } from './activity.resolver';

/** The activity log's GraphQL face; the log itself (its entity included) is src/events/event-log.ts. */
export const activityFeature = defineFeature({ name: 'activity', resolvers: [ActivityResolver] });
