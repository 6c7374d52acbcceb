import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client's address as Express's `req.ip` gives it with `trust proxy` set to `trustProxyHops`
 * (the same proxy-addr call and hop rule), for requests that never pass through Express: the
 * WebSocket upgrade. So a client has one address, and one per-address budget, on both transports.
 */
export function clientAddress(req: IncomingMessage, trustProxyHops: number): string {
  return proxyaddr(req, (_address, hop) => hop < trustProxyHops);
}
