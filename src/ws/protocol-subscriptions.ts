import { randomUUID } from 'node:crypto';
import { CloseCode, MessageType, type SubscribePayload } from 'graphql-ws';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createContext, type Context } from '../context';
import { formatError } from '../errors';
import type { Logger } from '../logger';
import type { Membership, Subscriber } from '../subscriptions/shared-subscriptions';
import { masked } from './masking';
import type { Credentials } from '../auth/authenticate';
import { checkOperation, RUN_AS_OVER_HTTP } from './operation-check';
import type { ProtocolServices } from './protocol-services';
import type { Admission, ProtocolSocket } from './protocol-socket';

/**
 * One subscription of one socket, as a member of a shared execution: it turns the shared bytes
 * into this socket's frame by putting its own id in front.
 */
class SocketSubscription implements Subscriber<Buffer> {
  membership?: Membership;
  /** `{"id":<id>`, the part of every `next` frame that is this subscription's own. */
  private readonly head: string;
  private readonly headBytes: number;

  constructor(
    readonly owner: ProtocolSubscriptions,
    readonly id: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)}`;
    this.headBytes = Buffer.byteLength(this.head);
  }

  next(tail: Buffer): void {
    const frame = Buffer.allocUnsafe(this.headBytes + tail.length);
    frame.write(this.head, 0, this.headBytes);
    tail.copy(frame, this.headBytes);
    this.owner.socket.send(frame);
  }

  complete(): void {
    this.owner.completed(this);
  }

  drained(): Promise<void> | null {
    return this.owner.socket.drained();
  }
}

/**
 * The subscriptions one acknowledged socket holds, by the client's id. Each is checked as over
 * HTTP, then joins (or opens) a shared execution; one that is completed, or whose socket closes,
 * while it is being set up leaves as soon as setup ends. Each held one counts toward the caps of
 * the socket's organisation and user (src/ws/caps.ts) from its check until it is forgotten here.
 */
export class ProtocolSubscriptions {
  private readonly byId = new Map<string, SocketSubscription>();
  /** Queries and mutations still running, by the client's id: their answer goes only to a current one. */
  private readonly running = new Set<string>();

  constructor(
    private readonly services: ProtocolServices,
    readonly socket: ProtocolSocket,
  ) {}

  private get log(): Logger {
    return this.services.deps.logger;
  }

  /**
   * Starts subscription `id` for the admitted socket, its events read through contexts opened
   * with the socket's credentials. A refused request gets an `error` message; an id already held
   * closes the socket.
   */
  async subscribe(id: string, payload: SubscribePayload, admission: Admission): Promise<void> {
    if (this.byId.has(id) || this.running.has(id)) {
      this.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
      return;
    }
    const { auth, credentials, holder } = admission;
    const checked = checkOperation(this.services, holder, payload, this.byId.size + this.running.size);
    if (checked === RUN_AS_OVER_HTTP) return this.run(id, payload, credentials);
    if (Array.isArray(checked)) {
      this.sendErrors(id, checked);
      return;
    }
    // Held (and counted toward the caps) before anything waits: the socket's next message sees it.
    const subscription = new SocketSubscription(this, id);
    this.byId.set(id, subscription);
    this.services.caps.addSubscription(holder);
    const { deps, rateLimits } = this.services;
    try {
      await rateLimits.chargeCaller(auth, checked.cost);
    } catch (error) {
      if (this.byId.get(id) !== subscription) return;
      this.forget(subscription);
      if (!(error instanceof GraphQLError)) this.log.error({ err: error }, 'could not charge a subscription');
      this.sendErrors(id, [error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error as Error })]);
      return;
    }
    if (this.byId.get(id) !== subscription) return;
    const organisationId = auth.organisationId!;
    let joined: Membership | ExecutionResult;
    try {
      joined = await this.services.subscriptions.subscribe(
        {
          ...checked,
          organisationId,
          role: auth.role!,
          openContext: (): Promise<Context> => createContext(deps, credentials, randomUUID()),
          // What each delivery executes is charged to the organisation, once per execution.
          // (Never refused: the work is done. A store that fails is logged, and delivery goes on.)
          charge: () => void rateLimits.chargeDelivery(organisationId, checked.cost).catch((error: unknown) => this.log.error({ err: error }, 'could not charge a delivery')),
        },
        subscription,
      );
    } catch (error) {
      if (this.byId.get(id) !== subscription) return;
      this.forget(subscription);
      this.log.error({ err: error }, 'subscription setup failed');
      this.sendErrors(id, [new GraphQLError('Internal server error', { originalError: error as Error })]);
      return;
    }
    const current = this.byId.get(id) === subscription;
    if ('leave' in joined) {
      // Completed by the client (or the socket closed) while it was being set up.
      if (current) subscription.membership = joined;
      else joined.leave();
      return;
    }
    // Setup itself answered (NOT_FOUND, FORBIDDEN...): one result, then complete.
    if (!current) return;
    this.forget(subscription);
    this.socket.send(JSON.stringify({ id, type: MessageType.Next, payload: masked(joined, this.log) }));
    this.socket.send(JSON.stringify({ id, type: MessageType.Complete }));
  }

  /**
   * A query or mutation: one result, then complete (graphql-transport-ws); a request the pipeline
   * refused before executing (no `data`) is an `error` message, as a refused subscription's is.
   */
  private async run(id: string, payload: SubscribePayload, credentials: Credentials): Promise<void> {
    this.running.add(id);
    let result: ExecutionResult;
    try {
      result = await this.services.runOperation(payload, credentials, randomUUID());
    } catch (error) {
      this.log.error({ err: error }, 'operation over WebSocket failed');
      result = { errors: [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
    // Completed by the client, or the socket closed, meanwhile: the answer goes nowhere.
    if (!this.running.delete(id)) return;
    if (!('data' in result) && result.errors?.length) {
      this.socket.send(JSON.stringify({ id, type: MessageType.Error, payload: result.errors }));
      return;
    }
    this.socket.send(JSON.stringify({ id, type: MessageType.Next, payload: result }));
    this.socket.send(JSON.stringify({ id, type: MessageType.Complete }));
  }

  private sendErrors(id: string, errors: readonly GraphQLError[]): void {
    this.socket.send(JSON.stringify({ id, type: MessageType.Error, payload: errors.map((error) => formatError(error.toJSON(), error)) }));
  }

  /** The client completed a subscription. */
  unsubscribe(id: string): void {
    if (this.running.delete(id)) return;
    const subscription = this.byId.get(id);
    if (!subscription) return;
    this.forget(subscription);
    subscription.membership?.leave();
  }

  /** The server ended a subscription (its source ended). */
  completed(subscription: SocketSubscription): void {
    if (this.byId.get(subscription.id) !== subscription) return;
    this.forget(subscription);
    this.socket.send(JSON.stringify({ id: subscription.id, type: MessageType.Complete }));
  }

  /** Leaves every shared execution: the socket is done. */
  leaveAll(): void {
    this.running.clear();
    for (const subscription of [...this.byId.values()]) {
      this.forget(subscription);
      subscription.membership?.leave();
    }
  }

  /** No longer held: it stops counting toward the caps. */
  private forget(subscription: SocketSubscription): void {
    this.byId.delete(subscription.id);
    this.services.caps.releaseSubscription(this.socket.admission!.holder);
  }
}
