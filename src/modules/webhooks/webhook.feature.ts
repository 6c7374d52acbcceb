import { defineFeature } from '../../common/feature';
// Registers the activity hook that queues deliveries and the job that sends them.
import './webhook-delivery';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './webhook.entity';
import * as relations from './webhook.relations';
import { WebhookEndpointResolver } from './webhook.resolver';

export const webhooksFeature = defineFeature({
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt],
  resolvers: [WebhookEndpointResolver],
  relations,
});
