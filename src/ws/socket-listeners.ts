import type { RawData, WebSocket } from 'ws';
import type { Connection } from './connection';

// Socket listeners shared by every connection: ws calls them with the socket as `this`.

const CONNECTION = Symbol('connection');
type TaggedSocket = WebSocket & { [CONNECTION]?: Connection };

/** Tags `socket` with its connection and adds the shared listeners, so no socket holds a closure. */
export function attachListeners(socket: WebSocket, connection: Connection): void {
  (socket as TaggedSocket)[CONNECTION] = connection;
  socket.on('message', onSocketMessage);
  socket.on('pong', onSocketPong);
  socket.on('error', onSocketError);
  socket.once('close', onSocketClose);
}

function onSocketMessage(this: TaggedSocket, data: RawData): void {
  this[CONNECTION]?.onMessage(data);
}

function onSocketPong(this: TaggedSocket): void {
  const connection = this[CONNECTION];
  if (connection) connection.alive = true;
}

function onSocketClose(this: TaggedSocket): void {
  this[CONNECTION]?.shutdown();
}

function onSocketError(this: TaggedSocket, error: Error & { code?: string }): void {
  // ws has closed the socket already (1008 too many fragments, 1009 too large, a malformed frame).
  this[CONNECTION]?.protocolError(error);
}
