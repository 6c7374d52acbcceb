import { ArrayMaxSize, ArrayNotEmpty, IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsCleanText } from '../../common/validation';
import { ACTIVITY_EVENT_TYPES } from '../../events/event-types';
import { WebhookEndpoint } from './webhook.entity';

export const URL_MAX = 2000;
export const DESCRIPTION_MAX = 1000;
const TYPES_MESSAGE = 'each of eventTypes must be an activity event type, e.g. STAGE_COMPLETED';

@InputType({ description: 'A webhook endpoint: where to send which activity events.' })
export class CreateWebhookEndpointInput {
  @Field({
    description: `The http(s) URL to POST each event to (https in production), at most ${URL_MAX} characters. Its host must be, and resolve only to, public internet addresses unless the operator allows it (WEBHOOK_ALLOWED_HOSTS): BAD_USER_INPUT on input.url otherwise.`,
  })
  @MaxLength(URL_MAX)
  url!: string;

  @Field(() => [String], { description: `The activity event types (ActivityEvent.type) to send: at least one, at most ${ACTIVITY_EVENT_TYPES.length}.` })
  @ArrayNotEmpty()
  @ArrayMaxSize(ACTIVITY_EVENT_TYPES.length)
  @IsIn(ACTIVITY_EVENT_TYPES, { each: true, message: TYPES_MESSAGE })
  eventTypes!: string[];

  @Field(() => String, { nullable: true, description: `What it is for; at most ${DESCRIPTION_MAX} characters.` })
  @IsOptional()
  @IsCleanText({ max: DESCRIPTION_MAX, allowEmpty: true })
  description?: string | null;
}

@InputType({ description: 'Changes to a webhook endpoint; what is left out (or null) stays as it is.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'A new URL, checked as createWebhookEndpoint checks one.' })
  @IsOptional()
  @MaxLength(URL_MAX)
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'The event types to send from now on (replacing the old list).' })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(ACTIVITY_EVENT_TYPES.length)
  @IsIn(ACTIVITY_EVENT_TYPES, { each: true, message: TYPES_MESSAGE })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A new description; an empty one clears it.' })
  @IsOptional()
  @IsCleanText({ max: DESCRIPTION_MAX, allowEmpty: true })
  description?: string | null;
}

@ObjectType({ description: 'A webhook endpoint with its signing secret, shown this once (on creation and rotation).' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The signing secret (whsec_…): the HMAC-SHA256 key of the Partnership-Hub-Signature header. Shown this once; never in the activity log.' })
  secret!: string;
}
