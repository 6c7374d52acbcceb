import type { RawData, WebSocket } from 'ws';

// Socket listeners shared by every connection: ws calls them with the socket as `this`.

/** What the shared listeners call on a socket's connection. */
export interface SocketOwner {
  /** Answered the last keep-alive ping. */
  alive: boolean;
  onMessage(data: RawData): void;
  /** The socket closed: end everything it holds. */
  shutdown(): void;
  /** ws has closed the socket already (1008 too many fragments, 1009 too large, a malformed frame). */
  socketError(error: Error & { code?: string }): void;
}

const OWNER = Symbol('owner');
type TaggedSocket = WebSocket & { [OWNER]?: SocketOwner };

/** Tags `socket` with its owner and adds the shared listeners, so no socket holds a closure. */
export function attachListeners(socket: WebSocket, owner: SocketOwner): void {
  (socket as TaggedSocket)[OWNER] = owner;
  socket.on('message', onSocketMessage);
  socket.on('pong', onSocketPong);
  socket.on('error', onSocketError);
  socket.once('close', onSocketClose);
}

function onSocketMessage(this: TaggedSocket, data: RawData): void {
  this[OWNER]?.onMessage(data);
}

function onSocketPong(this: TaggedSocket): void {
  const owner = this[OWNER];
  if (owner) owner.alive = true;
}

function onSocketClose(this: TaggedSocket): void {
  this[OWNER]?.shutdown();
}

function onSocketError(this: TaggedSocket, error: Error & { code?: string }): void {
  this[OWNER]?.socketError(error);
}
