import { hasMany } from '../../read/relations';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook.entity';
import { ATTEMPTS_PER_DELIVERY } from './webhook.service';

export const webhookDeliveryAttempts = hasMany(WebhookDelivery, 'attempts', WebhookDeliveryAttempt, 'deliveryId', {
  cap: ATTEMPTS_PER_DELIVERY,
  order: { number: 'ASC', id: 'ASC' },
  field: { description: `Each attempt, first first; at most ${ATTEMPTS_PER_DELIVERY}.` },
});
