import type { Credentials } from '../auth/authenticate';
import type { Auth } from '../auth/principal';
import type { CapHolder } from './caps';

// The seam between the protocol (protocol.ts: graphql-transport-ws messages, subscriptions,
// operation checks) and the socket (connection.ts: ws, keep-alive, caps, origin, access). Each
// side knows the other only through these two interfaces; server.ts joins them. The shape is
// graphql-ws's own `makeServer(...).opened(socket)` seam, with admission and back-pressure added:
// https://github.com/enisdenjo/graphql-ws/blob/master/src/server.ts

/** Whom an admitted socket acts for. */
export interface Admission {
  /** As of now: a changed role applies to the socket's next subscriptions. */
  readonly auth: Auth;
  /** What connection_init sent: each subscription opens its contexts with them. */
  readonly credentials: Credentials;
  /** Whose caps its subscriptions count toward. */
  readonly holder: CapHolder;
}

/** What the protocol needs of one client socket. */
export interface ProtocolSocket {
  /** The subprotocol the client chose in the upgrade. */
  readonly protocol: string;
  /** Closed or given up on: nothing more is sent, nothing new may start. */
  readonly closed: boolean;
  /** Whom the socket acts for, once {@link admit} has said yes; undefined before. */
  readonly admission: Admission | undefined;
  /**
   * Sends one text message, or closes the socket instead when its reader has fallen too far
   * behind (see {@link drained}).
   */
  send(data: Buffer | string): void;
  /** Resolves once the reader has caught up; null when it has. For sources that can wait. */
  drained(): Promise<void> | null;
  close(code: number, reason: string): void;
  /**
   * Checks connection_init's payload (credentials, rate limits, the socket caps) and starts
   * following its access. False when refused (the socket is then closed with the reason) or
   * closed meanwhile; rejects when it cannot be checked (the database is unreachable).
   */
  admit(payload: Record<string, unknown> | null | undefined): Promise<boolean>;
}

/** What the socket needs of the protocol: one session per socket, from open to close. */
export interface ProtocolSession {
  /** One text message from the client; never called once the socket is closed. */
  message(data: string): void;
  /** The socket is closed: end everything the session holds. Called once. */
  closed(): void;
}
