import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { connectionType, PageArgs, type Page } from '../../common/pagination';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook.inputs';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './webhook.service';

export const WebhookEndpointConnection = connectionType(WebhookEndpoint, 'WebhookEndpoint');
export const WebhookDeliveryConnection = connectionType(WebhookDelivery, 'WebhookDelivery');

// Webhooks are managed by OWNERs and ADMINs, signed in: an API key cannot see or change them, so a
// leaked key cannot redirect the organisation's events (or learn a signing secret), as it cannot
// make keys.
const MANAGE = [USER, Role.ADMIN];
const ID_ARG = { description: "The endpoint's id; another organisation's is NOT_FOUND." };

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Authorized(MANAGE)
  @Query(() => WebhookEndpointConnection, { description: "The organisation's webhook endpoints, newest first; never their secrets. ADMIN or above, and a user." })
  webhookEndpoints(@Ctx() ctx: Context, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<WebhookEndpoint>> {
    return listWebhookEndpoints(ctx, args, info);
  }

  @Authorized(MANAGE)
  @Query(() => WebhookEndpoint, {
    nullable: true,
    description: 'One webhook endpoint (to read its delivery log); null when not found in this organisation. ADMIN or above, and a user.',
  })
  webhookEndpoint(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<WebhookEndpoint | null> {
    return getWebhookEndpoint(ctx, id);
  }

  @Reads()
  @FieldResolver(() => WebhookDeliveryConnection, {
    description: 'The delivery log, newest first: each event sent (or to be sent) to this endpoint. Finished deliveries are kept WEBHOOK_LOG_RETENTION_DAYS days (30 by default).',
  })
  deliveries(@Ctx() ctx: Context, @Root() endpoint: WebhookEndpoint, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<WebhookDelivery>> {
    return listWebhookDeliveries(ctx, endpoint.id, args, info);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookEndpointWithSecret, {
    description:
      'Registers a webhook endpoint, enabled, and returns its signing secret this once. The URL must be http(s) (https in production) and its host must be, and resolve only to, public internet addresses unless allowed by WEBHOOK_ALLOWED_HOSTS: BAD_USER_INPUT on input.url. ADMIN or above, and a user.',
  })
  createWebhookEndpoint(@Ctx() ctx: Context, @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    return createWebhookEndpoint(ctx, input);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookEndpoint, { description: "Changes a webhook endpoint's URL (checked as on creation), event types or description. ADMIN or above, and a user." })
  updateWebhookEndpoint(@Ctx() ctx: Context, @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    return updateWebhookEndpoint(ctx, input);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookEndpoint, { description: 'Stops sending to a webhook endpoint; its pending deliveries fail. ADMIN or above, and a user.' })
  disableWebhookEndpoint(@Ctx() ctx: Context, @Arg('id', () => ID, ID_ARG) id: string): Promise<WebhookEndpoint> {
    return disableWebhookEndpoint(ctx, id);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookEndpoint, { description: 'Sends events to a disabled or switched-off webhook endpoint again, its failure count reset. ADMIN or above, and a user.' })
  enableWebhookEndpoint(@Ctx() ctx: Context, @Arg('id', () => ID, ID_ARG) id: string): Promise<WebhookEndpoint> {
    return enableWebhookEndpoint(ctx, id);
  }

  @Authorized(MANAGE)
  @Mutation(() => ID, { description: "Deletes a webhook endpoint and its delivery log; returns the endpoint's id. ADMIN or above, and a user." })
  deleteWebhookEndpoint(@Ctx() ctx: Context, @Arg('id', () => ID, ID_ARG) id: string): Promise<string> {
    return deleteWebhookEndpoint(ctx, id);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookEndpointWithSecret, {
    description: 'Gives a webhook endpoint a new signing secret, shown this once; the old one stops signing at once. ADMIN or above, and a user.',
  })
  rotateWebhookSecret(@Ctx() ctx: Context, @Arg('id', () => ID, ID_ARG) id: string): Promise<WebhookEndpointWithSecret> {
    return rotateWebhookSecret(ctx, id);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again now, with a fresh 24 hours of retries (replacing a retry that was waiting). INVALID_TRANSITION while its endpoint is disabled. ADMIN or above, and a user.',
  })
  redeliverWebhook(@Ctx() ctx: Context, @Arg('deliveryId', () => ID) deliveryId: string): Promise<WebhookDelivery> {
    return redeliverWebhook(ctx, deliveryId);
  }
}
