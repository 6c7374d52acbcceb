import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, parseMessage, type Message } from 'graphql-ws';
import type { ProtocolServices } from './protocol-services';
import type { ProtocolSession, ProtocolSocket } from './protocol-socket';
import { ProtocolSubscriptions } from './protocol-subscriptions';

const INIT_TIMEOUT_MS = 3_000;

const WAITING = 0;
const INITIALISING = 1;
const READY = 2;

const ACK = JSON.stringify({ type: MessageType.ConnectionAck });
const PONG = JSON.stringify({ type: MessageType.Pong });

/**
 * graphql-transport-ws over one socket (graphql-ws's protocol, whose message checks and close
 * codes it reuses): connection_init admits the socket, then subscriptions only. It keeps no timer
 * once acknowledged: thousands of idle dashboards cost little.
 */
class Session implements ProtocolSession {
  private phase = WAITING;
  private timer?: NodeJS.Timeout;
  private readonly subscriptions: ProtocolSubscriptions;

  constructor(
    private readonly services: ProtocolServices,
    private readonly socket: ProtocolSocket,
  ) {
    this.subscriptions = new ProtocolSubscriptions(services, socket);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    this.timer = setTimeout(() => {
      if (this.phase === WAITING) socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, INIT_TIMEOUT_MS);
    this.timer.unref();
  }

  message(data: string): void {
    const { socket } = this;
    let message: Message;
    try {
      message = parseMessage(data);
    } catch {
      socket.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        void this.init(message.payload);
        return;
      case MessageType.Ping:
        socket.send(message.payload ? JSON.stringify({ type: MessageType.Pong, payload: message.payload }) : PONG);
        return;
      case MessageType.Pong:
        return;
      case MessageType.Subscribe: {
        const admission = this.phase === READY ? socket.admission : undefined;
        // subscribe answers its own refusals; anything it did not expect closes this socket, not the process.
        if (admission) this.subscriptions.subscribe(message.id, message.payload, admission).catch((error: unknown) => this.failed(error));
        else socket.close(CloseCode.Unauthorized, 'Unauthorized');
        return;
      }
      case MessageType.Complete:
        this.subscriptions.unsubscribe(message.id);
        return;
      default:
        socket.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  closed(): void {
    clearTimeout(this.timer);
    this.subscriptions.leaveAll();
  }

  private async init(payload: Record<string, unknown> | null | undefined): Promise<void> {
    const { socket } = this;
    if (this.phase !== WAITING) {
      socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
      return;
    }
    this.phase = INITIALISING;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      if (!(await socket.admit(payload))) return;
      this.phase = READY;
      socket.send(ACK);
    } catch (error) {
      this.failed(error, 'WebSocket initialisation failed');
    }
  }

  /** An error nothing answered: logged, and the socket closed as graphql-ws closes on an internal error. */
  private failed(error: unknown, message = 'WebSocket operation failed'): void {
    this.services.deps.logger.error({ err: error }, message);
    this.socket.close(CloseCode.InternalServerError, 'Internal server error');
  }
}

/** Starts graphql-transport-ws on a newly opened socket; it may close the socket at once. */
export function openSession(services: ProtocolServices, socket: ProtocolSocket): ProtocolSession {
  return new Session(services, socket);
}
